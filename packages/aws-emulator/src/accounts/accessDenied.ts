import { AwsError } from '../awsError';
import { AccountScenario } from './accountScenario';

/**
 * The AccessDenied answer of a call the `deniedAccount` or `serviceFaults` knob denies.
 *
 * @param knob - which knob denies it, for the message
 */
export function accessDenied(
  account: AccountScenario,
  operation: string,
  knob: 'deniedAccount' | 'serviceFaults' = 'deniedAccount',
): AwsError {
  const why =
    knob === 'deniedAccount'
      ? `the emulator's deniedAccount knob denies account ${account.accountId}`
      : `the emulator's serviceFaults knob denies ${operation}`;
  return new AwsError(
    'AccessDeniedException',
    `User: arn:aws:sts::${account.accountId}:assumed-role/lambda-ops/backstage is not authorized to perform: ${operation} because no identity-based policy allows it (${why})`,
  );
}
