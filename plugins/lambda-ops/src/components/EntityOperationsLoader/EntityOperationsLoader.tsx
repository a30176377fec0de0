import { ReactNode } from 'react';

import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isLambdaOpsAvailable,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
  OperationsResponse,
} from '@lambda-ops/backstage-plugin-common';
import { OperationsRequest, useOperations } from '../../hooks/useOperations';
import { RetryButton } from '../RetryButton';

const MAX_TITLE_MESSAGE_LENGTH = 200;

/** First line, cut short: a proxy may answer with a whole HTML page, which stays in the details. */
function shorten(message: string): string {
  const firstLine = message.trim().split('\n')[0];
  return firstLine.length > MAX_TITLE_MESSAGE_LENGTH
    ? `${firstLine.slice(0, MAX_TITLE_MESSAGE_LENGTH - 1)}…`
    : firstLine;
}

/** A title that says what failed and why, in the backend's own words when it sent any. */
function errorTitle(error: Error): string {
  if (ResponseError.is(error)) {
    return `Could not load operations data: ${shorten(
      error.cause.message,
    )} (HTTP ${error.statusCode})`;
  }
  return `Could not load operations data: ${shorten(error.message)}`;
}

/**
 * What the operations request has come to: progress, the error with a Retry button, or
 * `children` with the reply.
 */
export function OperationsState(props: {
  request: OperationsRequest;
  children: (operations: OperationsResponse) => ReactNode;
}) {
  const { value, loading, error, retry } = props.request;

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <>
        <ResponseErrorPanel title={errorTitle(error)} error={error} />
        <RetryButton onRetry={retry} />
      </>
    );
  }
  if (!value) {
    return null;
  }
  return <>{props.children(value)}</>;
}

function LoadedOperations(props: {
  entityRef: CompoundEntityRef;
  children: (operations: OperationsResponse) => ReactNode;
}) {
  return (
    <OperationsState request={useOperations(props.entityRef)}>
      {props.children}
    </OperationsState>
  );
}

/** How to annotate an entity that names no Lambda function. */
export function MissingFunctionAnnotation() {
  return (
    <MissingAnnotationEmptyState annotation={LAMBDA_FUNCTION_NAME_ANNOTATION} />
  );
}

/**
 * Loads the operations of the entity in context and hands them to `children`. Until
 * then it shows what the Operations tab and the overview card share: how to annotate
 * an entity that names no function, progress, or the error with a Retry button.
 */
export function EntityOperationsLoader(props: {
  children: (operations: OperationsResponse) => ReactNode;
}) {
  const { entity } = useEntity();
  if (!isLambdaOpsAvailable(entity)) {
    return <MissingFunctionAnnotation />;
  }
  return (
    <LoadedOperations entityRef={getCompoundEntityRef(entity)}>
      {props.children}
    </LoadedOperations>
  );
}
