/**
 * An error an AWS operation answers with. `code` is the error's name as the AWS SDK reports
 * it (`err.name`), e.g. `InvalidParameterValueException`; each service module knows the HTTP
 * status and wire form of the codes it uses.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Extra members of the error structure, e.g. ResourceType / ResourceId. */
    readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}
