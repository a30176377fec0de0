import { deployMarker } from '../__testUtils__/deployMarker';
import { mergeChanges } from './mergeChanges';

const marker = deployMarker;

describe('mergeChanges', () => {
  const ci = marker({
    id: 'deploy-42',
    gitSha: 'abc1234def',
    changeSummary: 'Retry payments',
    reason: 'Fewer timeouts',
  });

  it('keeps the CI marker and drops the AWS event of the same deploy, matched by git sha', () => {
    const aws = marker({
      id: 'aws-1',
      source: 'application-signals',
      ts: '2026-11-29T11:40:00.000Z',
      changeSummary: 'Deploy v42 (git abc1234)',
    });
    expect(mergeChanges([ci], [aws]).map(m => m.id)).toEqual(['deploy-42']);
  });

  it('matches by time when the event names no commit', () => {
    const aws = marker({
      id: 'aws-1',
      source: 'application-signals',
      ts: '2026-11-29T11:21:30.000Z',
      changeSummary: 'UpdateFunctionCode',
    });
    expect(mergeChanges([ci], [aws]).map(m => m.id)).toEqual(['deploy-42']);
  });

  it('keeps both when the event names another commit, however close in time', () => {
    const aws = marker({
      id: 'aws-1',
      source: 'application-signals',
      ts: '2026-11-29T11:20:30.000Z',
      changeSummary: 'Deploy v41 (git 0123abc)',
    });
    expect(mergeChanges([ci], [aws]).map(m => m.id)).toEqual([
      'aws-1',
      'deploy-42',
    ]);
  });

  it('keeps both when they are minutes apart and the event names no commit', () => {
    const aws = marker({
      id: 'aws-1',
      source: 'application-signals',
      ts: '2026-11-29T11:25:00.000Z',
      changeSummary: 'UpdateFunctionCode',
    });
    expect(mergeChanges([ci], [aws])).toHaveLength(2);
  });

  it('keeps configuration changes and unrelated deploys, newest first', () => {
    const config = marker({
      id: 'aws-config',
      source: 'application-signals',
      changeType: 'configuration',
      ts: '2026-11-29T11:21:00.000Z',
    });
    const older = marker({
      id: 'aws-old',
      source: 'application-signals',
      ts: '2026-11-26T09:00:00.000Z',
    });
    expect(mergeChanges([ci], [older, config]).map(m => m.id)).toEqual([
      'aws-config',
      'deploy-42',
      'aws-old',
    ]);
  });
});
