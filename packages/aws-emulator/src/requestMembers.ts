import { AwsError } from './awsError';

/** A decoded JSON request body or nested structure. */
export type JsonObject = Record<string, unknown>;

/**
 * Typed reads of request members. A member of the wrong JSON type is a
 * SerializationException, as AWS answers when a body does not match the model; the SDK
 * never sends one, so these only matter for hand-written requests.
 */

function wrongType(member: string, expected: string): AwsError {
  return new AwsError(
    'SerializationException',
    `${member} must be ${expected}`,
  );
}

export function parseJsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsError(
      'SerializationException',
      'The request body is not valid JSON',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw wrongType('The request body', 'a JSON object');
  }
  return value as JsonObject;
}

export function stringMember(
  body: JsonObject,
  member: string,
): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  return value;
}

export function numberMember(
  body: JsonObject,
  member: string,
): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw wrongType(member, 'a number');
  return value;
}

export function booleanMember(
  body: JsonObject,
  member: string,
): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
  return value;
}

export function objectMember(
  body: JsonObject,
  member: string,
): JsonObject | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw wrongType(member, 'a structure');
  return value as JsonObject;
}

export function listMember(
  body: JsonObject,
  member: string,
): unknown[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(member, 'a list');
  return value;
}

export function stringListMember(
  body: JsonObject,
  member: string,
): string[] | undefined {
  const list = listMember(body, member);
  if (list && !list.every(item => typeof item === 'string'))
    throw wrongType(member, 'a list of strings');
  return list as string[] | undefined;
}

export function objectListMember(
  body: JsonObject,
  member: string,
): JsonObject[] | undefined {
  const list = listMember(body, member);
  if (
    list &&
    !list.every(
      item => typeof item === 'object' && item !== null && !Array.isArray(item),
    )
  ) {
    throw wrongType(member, 'a list of structures');
  }
  return list as JsonObject[] | undefined;
}

export function stringMapMember(
  body: JsonObject,
  member: string,
): Record<string, string> | undefined {
  const map = objectMember(body, member);
  if (map && !Object.values(map).every(value => typeof value === 'string')) {
    throw wrongType(member, 'a map of strings');
  }
  return map as Record<string, string> | undefined;
}
