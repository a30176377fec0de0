import { AsyncLocalStorage } from 'node:async_hooks';
import { ServiceUnavailableError } from '@backstage/errors';
import { withAwsFailure } from './awsErrors';

/** The abort signal of the page whose reads are running, seen by every AWS call they make. */
const pageSignals = new AsyncLocalStorage<AbortSignal>();

/**
 * The abort signal of the page deadline the current AWS call runs under, if any. The client
 * factory hands it to every `send`, so that the SDK cancels the HTTP request in flight and
 * its retries once the page has answered without it.
 */
export function currentPageSignal(): AbortSignal | undefined {
  return pageSignals.getStore();
}

/**
 * Runs work that several pages share (one listing awaited by all of them) outside any
 * page's deadline: one page giving up must not cancel what the others still wait for.
 */
export function outsidePageDeadline<T>(work: () => T): T {
  return pageSignals.exit(work);
}

/**
 * One deadline for all the AWS reads of a page: a read still running when it passes is
 * aborted (its HTTP request cancelled, its retries stopped) and fails as `timed-out`, so
 * the page answers with what it has instead of waiting on the slowest call and its retries.
 */
export class PageDeadline {
  readonly #ms: number;
  readonly #passed: Promise<never>;
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.#passed = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        reject();
        this.#abort.abort();
      }, ms);
    });
    // Nobody may be racing when it passes.
    this.#passed.catch(() => {});
  }

  /** Runs the page's reads so that every AWS call they make is aborted at the deadline. */
  run<T>(reads: () => Promise<T>): Promise<T> {
    return pageSignals.run(this.#abort.signal, reads);
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
