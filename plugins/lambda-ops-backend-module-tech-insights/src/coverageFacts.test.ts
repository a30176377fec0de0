import type { CoverageResponse } from '@lambda-ops/backstage-plugin-common';
import { coverageFacts } from './coverageFacts';

type CoverageEntity = CoverageResponse['entities'][number];
type Checks = CoverageEntity['checks'];

const pass = { result: 'pass', reason: '' } as const;
const fail = { result: 'fail', reason: 'what to fix' } as const;
const notApplicable = { result: 'n/a', reason: 'no alarms' } as const;

const allPass: Checks = {
  'slo-pattern': pass,
  runbook: pass,
  'alarms-have-runbooks': pass,
  'alarms-classified': pass,
  'page-alarm': pass,
  'slo-met': pass,
};

function coverage(
  entity: Partial<CoverageEntity>,
): CoverageResponse & { snapshotAt: string } {
  return {
    snapshotAt: '2026-12-02T11:55:00.000Z',
    stale: false,
    staleReason: null,
    emptyReason: null,
    checks: [],
    entities: [
      {
        entityRef: 'component:default/checkout-api',
        owner: 'group:default/payments',
        score: 1,
        checks: allPass,
        alarms: { total: 2, withoutRunbook: 0, unclassified: 0, page: 1 },
        ...entity,
      },
    ],
    owners: [],
    total: { entities: 1, score: 1 },
  };
}

describe('coverageFacts', () => {
  it.each([
    [
      'an entity that passes every check has every fact, all good',
      {},
      {
        hasSloPattern: true,
        hasReadableRunbook: true,
        sloMet: true,
        alarmsWithoutRunbook: 0,
        unclassifiedAlarms: 0,
        pageAlarms: 1,
        coverageScore: 1,
      },
    ],
    [
      'failing checks are false and the alarm figures are the counts',
      {
        score: 0.25,
        checks: {
          ...allPass,
          'slo-pattern': fail,
          runbook: fail,
          'alarms-have-runbooks': fail,
          'slo-met': fail,
        },
        alarms: { total: 5, withoutRunbook: 3, unclassified: 2, page: 0 },
      },
      {
        hasSloPattern: false,
        hasReadableRunbook: false,
        sloMet: false,
        alarmsWithoutRunbook: 3,
        unclassifiedAlarms: 2,
        pageAlarms: 0,
        coverageScore: 0.25,
      },
    ],
    [
      'a check that does not apply leaves its fact out, so rules using it are skipped',
      {
        score: 0.5,
        checks: {
          ...allPass,
          'slo-met': notApplicable,
          'alarms-have-runbooks': notApplicable,
        },
        alarms: { total: 0, withoutRunbook: 0, unclassified: 0, page: 0 },
      },
      {
        hasSloPattern: true,
        hasReadableRunbook: true,
        alarmsWithoutRunbook: 0,
        unclassifiedAlarms: 0,
        pageAlarms: 0,
        coverageScore: 0.5,
      },
    ],
    [
      'an entity whose checks all do not apply has no score fact',
      {
        score: null,
        checks: {
          'slo-pattern': notApplicable,
          runbook: notApplicable,
          'slo-met': notApplicable,
        },
        alarms: { total: 0, withoutRunbook: 0, unclassified: 0, page: 0 },
      },
      { alarmsWithoutRunbook: 0, unclassifiedAlarms: 0, pageAlarms: 0 },
    ],
    [
      'a check the scorecard did not report leaves its fact out',
      { checks: { runbook: pass } },
      {
        hasReadableRunbook: true,
        alarmsWithoutRunbook: 0,
        unclassifiedAlarms: 0,
        pageAlarms: 1,
        coverageScore: 1,
      },
    ],
  ] as Array<[string, Partial<CoverageEntity>, Record<string, unknown>]>)(
    '%s',
    (_sentence, entity, facts) => {
      const [fact] = coverageFacts(coverage(entity));
      expect(fact.facts).toEqual(facts);
    },
  );

  it('names each entity by its ref and stamps it with the time of the snapshot', () => {
    const [fact] = coverageFacts(
      coverage({ entityRef: 'resource:platform/nightly-export' }),
    );
    expect(fact.entity).toEqual({
      kind: 'resource',
      namespace: 'platform',
      name: 'nightly-export',
    });
    expect(fact.timestamp?.toISO()).toBe('2026-12-02T11:55:00.000Z');
  });

  it('has no facts for a scorecard without entities', () => {
    expect(coverageFacts({ ...coverage({}), entities: [] })).toEqual([]);
  });
});
