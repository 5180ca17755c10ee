// Every request but /health passes here before anything is spent on it: the bearer is checked (an unknown one is
// refused and paid for by its address's shared budget, with anonymous requests), the caller's budget is charged, it waits its turn among the
// caller's requests, and it runs in a scope that shares the pool fairly and bounds its statements.
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { Semaphore, withTimeout } from 'async-mutex';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { isDatabaseDown } from '../database/database-errors.js';
import { CallerBusyError, CallerLimits, type Refusal } from './caller-limits.js';
import { CallerShareError } from './fair-pool.js';
import { runInScope, type RequestKind } from './request-scope.js';

const callers = new WeakMap<Request, Caller | null>();
const callerKeys = new WeakMap<Request, string>();

/**
 * The refusal when a request's own other fields hold its connections, made once: an Error captures its stack when it
 * is made, and one made for every request stood out in a CPU profile of the transitions bench. Only its message is read.
 */
const REQUEST_SHARE_TAKEN = new CallerShareError(
  'This request’s other fields hold its share of the database; try again shortly',
);
/** The caller the gate authenticated (null: anonymous). */
export function callerOf(req: Request): Caller | null {
  return callers.get(req) ?? null;
}

/** Whose budget a request spends: `token:<id>` or `address:<ip>`. */
export function callerKeyOf(req: Request): string {
  return callerKeys.get(req) ?? `address:${req.ip ?? ''}`;
}

const pathOf = (req: Request): string => req.originalUrl.split('?')[0];

function kindOf(req: Request): RequestKind {
  const path = pathOf(req);
  if (path.startsWith('/imports') && req.method === 'POST') return 'import';
  if (path.startsWith('/reports/')) return 'export';
  return req.method === 'GET' || path === '/graphql' ? 'read' : 'write';
}

/** A refusal in GraphQL's error shape, on /graphql and the REST endpoints alike, with the status of its code. */
export function refuse(
  _req: Request,
  res: Response,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

@Injectable()
export class RequestGateMiddleware implements NestMiddleware {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: CallerLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const address = req.ip ?? '';
    const header = req.headers.authorization;
    let caller: Caller | null = null;
    let refusal: Refusal | null;
    if (header === undefined) {
      refusal = await this.limits.takeAddressRequest(address);
    } else {
      // A token not cached costs a lookup: refused without one while its address has spent its shared budget, which
      // each unknown token draws on (a known one never does).
      refusal = this.auth.isCached(header) ? null : await this.limits.addressRefusal(address);
      if (refusal) return this.tooMany(req, res, refusal);
      try {
        caller = await this.auth.callerFromHeader(header);
      } catch (e) {
        if (!isDatabaseDown(e)) throw e;
        return refuse(req, res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly', {
          retryable: true,
        });
      }
      if (!caller) {
        refusal = await this.limits.takeAddressRequest(address);
        if (refusal) return this.tooMany(req, res, refusal);
        return refuse(req, res, 401, 'UNAUTHENTICATED', 'The bearer token is unknown, expired or revoked');
      }
      refusal = await this.limits.takeTokenRequest(caller.tokenId);
    }
    if (refusal) return this.tooMany(req, res, refusal);

    const key = caller ? `token:${caller.tokenId}` : `address:${address}`;
    let leave: () => void;
    try {
      leave = await this.limits.enter(key);
    } catch (e) {
      if (e instanceof CallerBusyError) return this.tooMany(req, res, { retryAfterSeconds: 1 }, e.message);
      throw e;
    }
    res.once('close', leave);
    callers.set(req, caller);
    callerKeys.set(req, key);
    const { dbConnectionsPerRequest, acquireTimeoutMs } = this.config;
    const connections =
      dbConnectionsPerRequest > 0
        ? withTimeout(new Semaphore(dbConnectionsPerRequest), acquireTimeoutMs, REQUEST_SHARE_TAKEN)
        : null;
    runInScope({ callerKey: key, kind: kindOf(req), connections }, next);
  }

  private tooMany(req: Request, res: Response, refusal: Refusal, message = 'Too many requests; slow down'): void {
    res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
    refuse(req, res, 429, 'RATE_LIMITED', message, { retryable: true, retryAfterSeconds: refusal.retryAfterSeconds });
  }
}
