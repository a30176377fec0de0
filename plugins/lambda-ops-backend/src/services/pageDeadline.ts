import { ServiceUnavailableError } from '@backstage/errors';
import { withAwsFailure } from './awsErrors';

/**
 * One deadline for all the AWS reads of a page: a read still running when it passes is
 * given up (it finishes unobserved) and fails as `timed-out`, so the page answers with
 * what it has instead of waiting on the slowest call and its retries.
 */
export class PageDeadline {
  readonly #ms: number;
  readonly #passed: Promise<never>;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.#passed = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => reject(), ms);
    });
    // Nobody may be racing when it passes.
    this.#passed.catch(() => {});
  }

  /** The read's answer, or a `timed-out` failure naming `service` once the deadline passes. */
  async race<T>(read: Promise<T>, service: string): Promise<T> {
    try {
      return await Promise.race([read, this.#passed]);
    } catch (error) {
      if (error !== undefined) {
        throw error;
      }
      read.catch(() => {});
      throw withAwsFailure(
        new ServiceUnavailableError(
          `${service} did not answer within the page deadline of ${
            this.#ms / 1000
          } s (lambdaOps.pageDeadline); it will be asked again on the next refresh`,
        ),
        { cause: 'timed-out', service },
      );
    }
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
