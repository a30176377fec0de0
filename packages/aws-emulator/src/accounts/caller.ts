/**
 * Who sent an AWS request, as its Signature Version 4 `Authorization` header says:
 * `AWS4-HMAC-SHA256 Credential=<access key ID>/<date>/<region>/<service>/aws4_request, …`.
 * The emulator does not check signatures; it reads the credential scope to tell accounts and
 * regions apart.
 */
export interface Caller {
  /** The access key ID the request was signed with; `undefined` when it was not signed. */
  accessKeyId?: string;
  /** The region the signature was scoped to. */
  region?: string;
}

const CREDENTIAL_SCOPE =
  /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;

export function callerOf(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Caller {
  const authorization = headers.authorization;
  const match =
    typeof authorization === 'string'
      ? CREDENTIAL_SCOPE.exec(authorization)
      : null;
  return match ? { accessKeyId: match[1], region: match[2] } : {};
}
