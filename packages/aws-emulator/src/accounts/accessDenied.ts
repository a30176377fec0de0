import { AwsError } from '../awsError';
import { AccountScenario } from './accountScenario';

/** The AccessDenied answer of an account that the `deniedAccount` knob denies. */
export function accessDenied(
  account: AccountScenario,
  operation: string,
): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: arn:aws:sts::${account.accountId}:assumed-role/lambda-ops/backstage is not authorized to perform: ${operation} because no identity-based policy allows it (the emulator's deniedAccount knob denies account ${account.accountId})`,
  );
}
