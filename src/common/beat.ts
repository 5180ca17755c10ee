// A background task on a fixed beat within the process: a failed round is logged and the next beat tries again.
import type { Logger } from '@nestjs/common';
import { runInScope } from '../limits/request-scope.js';
import { CITY_WIDE } from '../tenancy/district-scope.js';

export interface Beat {
  stop(): void;
}

/** No beat when `everyMs` ≤ 0 (the scheduler is off); the timer never keeps the process alive. */
export function startBeat(everyMs: number, task: () => Promise<unknown>, logger: Logger, what: string): Beat {
  if (everyMs <= 0) return { stop: () => undefined };
  const timer = setInterval(() => {
    // Background work: bounded by the pool alone, with the longer statement bound of its kind; city-wide until it
    // takes its districts one at a time (eachDistrict) to write for them.
    runInScope({ callerKey: null, kind: 'background', connections: null, district: CITY_WIDE }, task).catch(
      (e: unknown) => logger.warn(`${what} failed: ${(e as Error).message}`),
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
