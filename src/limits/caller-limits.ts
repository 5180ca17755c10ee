// What one caller may spend: requests per second (a token's own budget, or one budget shared by every anonymous or
// unknown-token request from an address), query cost per second, and requests being answered at once. Kept in each
// instance's memory (rate-limiter-flexible, async-mutex): a restart only forgives a burst.
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { DatabaseTimeBudget } from './fair-pool.js';
import { KeyedSemaphores } from './keyed-semaphores.js';

/** A refusal, with when to try again. */
export interface Refusal {
  retryAfterSeconds: number;
}

/** `perSecond` on average, up to `burst` at once: `burst` per window of `burst / perSecond` seconds; null when off. */
function windowed(prefix: string, perSecond: number, burst: number): RateLimiterMemory | null {
  if (perSecond <= 0) return null;
  const points = Math.max(burst, perSecond);
  return new RateLimiterMemory({ keyPrefix: prefix, points, duration: Math.ceil(points / perSecond) });
}

async function take(limiter: RateLimiterMemory | null, key: string, points = 1): Promise<Refusal | null> {
  if (!limiter || points <= 0) return null;
  try {
    await limiter.consume(key, points);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes || (e && typeof e === 'object' && 'msBeforeNext' in e)) {
      return { retryAfterSeconds: Math.max(1, Math.ceil((e as RateLimiterRes).msBeforeNext / 1000)) };
    }
    throw e;
  }
}

/** A caller waited too long for one of its own requests to finish. */
export class CallerBusyError extends Error {
  constructor() {
    super('Too many requests of this caller are being answered at once');
    this.name = 'CallerBusyError';
  }
}

@Injectable()
export class CallerLimits {
  private readonly perToken: RateLimiterMemory | null;
  private readonly perAddress: RateLimiterMemory | null;
  private readonly cost: RateLimiterMemory | null;
  private readonly inFlight: KeyedSemaphores | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.perToken = windowed('token', config.rateLimitPerSecond, config.rateLimitBurst);
    this.perAddress = windowed('address', config.anonymousRateLimitPerSecond, config.anonymousRateLimitBurst);
    // The costliest document allowed must fit in one window.
    this.cost = windowed('cost', config.costPerSecond, config.maxQueryCost);
    this.inFlight =
      config.maxInFlightPerCaller > 0
        ? new KeyedSemaphores(config.maxInFlightPerCaller, config.acquireTimeoutMs, () => new CallerBusyError())
        : null;
  }

  /** A known token's request. */
  takeTokenRequest(tokenId: string): Promise<Refusal | null> {
    return take(this.perToken, tokenId);
  }

  /** An anonymous request, or one whose token turned out unknown: the address's shared budget pays. */
  takeAddressRequest(address: string): Promise<Refusal | null> {
    return take(this.perAddress, address);
  }

  /** When the address's shared budget is spent: a token not known yet is then not even looked up. */
  async addressRefusal(address: string): Promise<Refusal | null> {
    const spent = await this.perAddress?.get(address);
    return spent && spent.remainingPoints <= 0
      ? { retryAfterSeconds: Math.max(1, Math.ceil(spent.msBeforeNext / 1000)) }
      : null;
  }

  /** An operation's cost, from the caller's budget (a token's id, or an address). */
  takeCost(callerKey: string, cost: number): Promise<Refusal | null> {
    return take(this.cost, callerKey, Math.ceil(cost));
  }

  /** Waits for the caller's turn; resolves with the function that ends it. Rejects with CallerBusyError. */
  async enter(callerKey: string): Promise<() => void> {
    return this.inFlight ? this.inFlight.acquire(callerKey) : () => undefined;
  }
}

/** The window a caller's database time is counted over: a long statement is paid for over the next seconds. */
const READ_TIME_WINDOW_S = 10;

/**
 * Database time (ms of connections held by its reads) one caller may use per second, over a window of ten: a caller
 * past it is told to come back (429) before its next read takes a connection. Null when `msPerSecond` is 0.
 */
export function databaseTimeBudget(msPerSecond: number): DatabaseTimeBudget | null {
  if (msPerSecond <= 0) return null;
  const limiter = new RateLimiterMemory({
    keyPrefix: 'db-time',
    points: msPerSecond * READ_TIME_WINDOW_S,
    duration: READ_TIME_WINDOW_S,
  });
  return {
    async spent(callerKey) {
      const used = await limiter.get(callerKey);
      return used && used.remainingPoints <= 0 ? Math.max(1, Math.ceil(used.msBeforeNext / 1000)) : null;
    },
    use(callerKey, ms) {
      limiter.penalty(callerKey, Math.max(1, Math.ceil(ms))).catch(() => undefined);
    },
  };
}
