import { AwsError } from '../awsError';
import { epochSecondsMember } from '../awsJson';
import { AccountScenario } from '../accounts/accountScenario';
import { MINUTE_MS, ScenarioClock, scenarioOrigin } from '../clock';
import { integerParam, offsetParam, pageOf } from '../paging';
import { JsonObject, stringMapMember } from '../requestMembers';
import {
  lambdaServiceKeyAttributes,
  LAMBDA_ENVIRONMENT,
} from '../scenarios/account';

/** ListEntityEvents: "MaxResults … default of 50 … Valid Range: Minimum value of 1. Maximum value of 250." */
export const ENTITY_EVENT_LIMITS = {
  defaultMaxResults: 50,
  maxResults: 250,
} as const;

/**
 * The Lambda function an entity names: a service (`Type=Service`, `Name`, and optionally
 * `Environment=lambda:default`) or the function resource (`Type=AWS::Resource`,
 * `ResourceType=AWS::Lambda::Function`, `Identifier`).
 */
function functionOfEntity(entity: Record<string, string>): string | undefined {
  if (
    entity.Type === 'Service' &&
    (entity.Environment === undefined ||
      entity.Environment === LAMBDA_ENVIRONMENT)
  ) {
    return entity.Name;
  }
  if (
    entity.Type === 'AWS::Resource' &&
    entity.ResourceType === 'AWS::Lambda::Function'
  ) {
    return entity.Identifier;
  }
  return undefined;
}

/** Change events of one entity in [StartTime, EndTime], newest first. */
export function listEntityEvents(
  account: AccountScenario,
  query: URLSearchParams,
  body: JsonObject,
  clock: ScenarioClock,
) {
  const entity = stringMapMember(body, 'Entity');
  const start = epochSecondsMember(body.StartTime, 'StartTime');
  const end = epochSecondsMember(body.EndTime, 'EndTime');
  if (!entity || !start || !end) {
    throw new AwsError(
      'ValidationException',
      'Entity, StartTime and EndTime are required.',
    );
  }
  if (start.getTime() > end.getTime()) {
    throw new AwsError(
      'ValidationException',
      'StartTime must not be after EndTime.',
    );
  }
  const maxResults =
    integerParam(query, 'MaxResults', 1, ENTITY_EVENT_LIMITS.maxResults) ??
    ENTITY_EVENT_LIMITS.defaultMaxResults;
  const offset = offsetParam(query, 'NextToken');

  const functionName = functionOfEntity(entity);
  const origin = scenarioOrigin(clock.now());
  const events =
    functionName === undefined ? [] : account.changeEvents(functionName);
  const matching = events
    .map(event => ({
      event,
      timestamp: new Date(origin - event.minutesAgo * MINUTE_MS),
    }))
    .filter(({ timestamp }) => timestamp >= start && timestamp <= end)
    .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  const { page, nextToken } = pageOf(matching, offset, maxResults);
  return {
    StartTime: start,
    EndTime: end,
    ChangeEvents: page.map(({ event, timestamp }) => ({
      Timestamp: timestamp,
      AccountId: account.accountId,
      Region: account.region,
      Entity: lambdaServiceKeyAttributes(event.functionName),
      ChangeEventType: event.changeEventType,
      EventId: event.eventId,
      UserName: event.userName,
      EventName: event.eventName,
    })),
    NextToken: nextToken,
  };
}
