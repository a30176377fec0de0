import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ResponseError, stringifyError } from '@backstage/errors';
import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import {
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
} from '@lambda-ops/backstage-plugin-common';
import { coverageFacts } from './coverageFacts';
import { fetchCoverage } from './fetchCoverage';

/**
 * Why the scorecard could not be read: Lambda Ops' own answer when there is one, else what
 * kept the request from reaching it.
 */
function describeFailure(error: unknown): string {
  if (error instanceof ResponseError) {
    return `Lambda Ops answered ${error.response.status}: ${error.body.error.message}`;
  }
  return `${stringifyError(
    error,
  )}; is the Lambda Ops backend plugin installed in this backend, or reachable through discovery?`;
}

/**
 * Id of the fact retriever, and the key of its configuration under
 * `techInsights.factRetrievers`.
 *
 * @public
 */
export const LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID = 'lambda-ops-coverage';

/**
 * The runbook-coverage checks of the Lambda Ops scorecard as facts, one row per
 * Lambda-backed entity, read from the Lambda Ops backend's collector snapshot.
 *
 * @public
 */
export const lambdaOpsCoverageFactRetriever: FactRetriever = {
  id: LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Lambda Ops runbook coverage',
  description:
    'Whether each Lambda-backed service has an SLO pattern, a readable runbook, alarms that link runbooks and are classified as page or ticket, and meets its SLOs',
  // The entities Lambda Ops collects: those that name a Lambda function. It describes the
  // rows rather than selects them (the scorecard lists exactly these entities); the copy
  // Tech Insights stores as JSON shows the catalog's "exists" symbol as `{}`.
  entityFilter: [
    {
      [`metadata.annotations.${LAMBDA_FUNCTION_NAME_ANNOTATION}`]:
        CATALOG_FILTER_EXISTS,
    },
    {
      [`metadata.annotations.${LAMBDA_FUNCTION_ARN_ANNOTATION}`]:
        CATALOG_FILTER_EXISTS,
    },
  ],
  schema: {
    hasSloPattern: {
      type: 'boolean',
      description:
        'The lambda-ops/slo-pattern annotation is present and valid (api, async or batch)',
    },
    hasReadableRunbook: {
      type: 'boolean',
      description:
        'The lambda-ops/runbook annotation is present and the runbook could be read',
    },
    alarmsWithoutRunbook: {
      type: 'integer',
      description:
        "Alarms of the entity's functions that link no runbook, or one that cannot be read or lacks the linked section",
    },
    unclassifiedAlarms: {
      type: 'integer',
      description:
        "Alarms of the entity's functions that are neither page nor ticket",
    },
    pageAlarms: {
      type: 'integer',
      description: "Alarms of severity page for the entity's functions",
    },
    sloMet: {
      type: 'boolean',
      description:
        "Every SLO's attainment is at or above its target over its window; absent when no SLO has data",
    },
    coverageScore: {
      type: 'float',
      description:
        'Coverage checks passed ÷ (passed + failed), from 0 to 1, checks that do not apply left out; absent when none applies',
    },
  },
  async handler({ discovery, auth, logger }) {
    let coverage;
    try {
      coverage = await fetchCoverage({ discovery, auth });
    } catch (error) {
      logger.warn(
        `No ${LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID} facts written: the Lambda Ops coverage scorecard could not be read (${describeFailure(
          error,
        )})`,
      );
      return [];
    }
    const { snapshotAt } = coverage;
    if (snapshotAt === null) {
      logger.info(
        `No ${LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID} facts written: the Lambda Ops collector has not finished its first refresh yet; facts follow on the next run after it does`,
      );
      return [];
    }
    if (coverage.stale) {
      logger.warn(
        `The Lambda Ops collector's last refresh failed: the ${LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID} facts are those of the snapshot collected at ${snapshotAt}`,
      );
    }
    return coverageFacts({ ...coverage, snapshotAt });
  },
};
