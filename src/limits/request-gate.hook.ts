// Every request but /health and the dashboard's files passes here before anything is spent on it — Fastify's
// `onRequest`, before its body is read: the bearer is checked (an unknown one is refused and paid for by its address's
// shared budget, with anonymous requests), the caller's budget is charged, it waits its turn among the caller's
// requests; then (`preHandler`, the body read) its handler runs in a scope that shares the pool fairly and bounds its
// statements.
import { Inject, Injectable } from '@nestjs/common';
import { Semaphore, withTimeout } from 'async-mutex';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AuthService } from '../auth/auth.service.js';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { isDatabaseDown } from '../database/database-errors.js';
import { CallerBusyError, CallerLimits, type Refusal } from './caller-limits.js';
import { CallerShareError } from './fair-pool.js';
import { runInScope, type RequestKind, type RequestScope } from './request-scope.js';
import { CITY_WIDE, DEFAULT_DISTRICT_ID } from '../tenancy/district-scope.js';
import { DISTRICT_HEADER, DistrictDirectory, narrowCaller } from '../tenancy/district-narrowing.js';

const callers = new WeakMap<FastifyRequest, Caller | null>();
const callerKeys = new WeakMap<FastifyRequest, string>();
const scopes = new WeakMap<FastifyRequest, RequestScope>();

/**
 * The routes the gate lets pass without a budget or a turn: /health, and the dashboard's files (answered from memory,
 * costing no more than their bytes — every page's scripts come from one address, and an office behind one NAT address
 * opening several tabs must never be refused a script by its own API calls' budget).
 */
const UNGATED_ANY_METHOD = new Set(['/health']);
const UNGATED_READS = new Set(['/', '/public', '/assets/:name']);

function ungated(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route === undefined) return false;
  return UNGATED_ANY_METHOD.has(route) || ((req.method === 'GET' || req.method === 'HEAD') && UNGATED_READS.has(route));
}

/**
 * The refusal when a request's own other fields hold its connections, made once: an Error captures its stack when it
 * is made, and one made for every request stood out in a CPU profile of the transitions bench. Only its message is read.
 */
const REQUEST_SHARE_TAKEN = new CallerShareError(
  'This request’s other fields hold its share of the database; try again shortly',
);
/** The caller the gate authenticated (null: anonymous). */
export function callerOf(req: FastifyRequest): Caller | null {
  return callers.get(req) ?? null;
}

/**
 * The district a request's queries work for (row-level security): its token's; every district for the city's roles;
 * for anonymous requests (the public page, public notices and objections) the default district's — a city deployment's
 * public pages of other districts come with the city's pages (issue #28).
 */
export function districtOfCaller(caller: Caller | null): string {
  if (!caller) return DEFAULT_DISTRICT_ID;
  return caller.districtId ?? CITY_WIDE;
}

/** Whose budget a request spends: `token:<id>` or `address:<ip>`. */
export function callerKeyOf(req: FastifyRequest): string {
  return callerKeys.get(req) ?? `address:${req.ip ?? ''}`;
}

const pathOf = (req: FastifyRequest): string => req.url.split('?')[0];

function kindOf(req: FastifyRequest): RequestKind {
  const path = pathOf(req);
  if (path.startsWith('/imports') && req.method === 'POST') return 'import';
  if (path.startsWith('/reports/')) return 'export';
  return req.method === 'GET' || path === '/graphql' ? 'read' : 'write';
}

/** A refusal in GraphQL's error shape, on /graphql and the REST endpoints alike, with the status of its code. */
export function refuse(
  res: FastifyReply,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  return res.code(status).send({ errors: [{ message, extensions: { code, ...extensions } }] });
}

@Injectable()
export class RequestGate {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: CallerLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly districts: DistrictDirectory,
  ) {}

  /** Refuses (the reply sent and returned, which ends Fastify's hooks) or admits the request, its scope kept. */
  readonly onRequest = async (req: FastifyRequest, res: FastifyReply): Promise<FastifyReply | undefined> => {
    if (ungated(req)) return undefined;
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
      if (refusal) return this.tooMany(res, refusal);
      try {
        caller = await this.auth.callerFromHeader(header);
      } catch (e) {
        if (!isDatabaseDown(e)) throw e;
        return refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly', {
          retryable: true,
        });
      }
      if (!caller) {
        refusal = await this.limits.takeAddressRequest(address);
        if (refusal) return this.tooMany(res, refusal);
        return refuse(res, 401, 'UNAUTHENTICATED', 'The bearer token is unknown, expired or revoked');
      }
      refusal = await this.limits.takeTokenRequest(caller.tokenId);
    }
    if (refusal) return this.tooMany(res, refusal);
    // The city reading one district (X-Rectify-District): narrowed here, so the scope below and every check after see
    // the district (src/tenancy/district-narrowing.ts).
    const narrowing = await narrowCaller(caller, req.headers[DISTRICT_HEADER], (id) => this.districts.has(id));
    if ('refusal' in narrowing) {
      const { status, code, message } = narrowing.refusal;
      return refuse(res, status, code, message);
    }
    caller = narrowing.caller;

    const key = caller ? `token:${caller.tokenId}` : `address:${address}`;
    let leave: () => void;
    try {
      leave = await this.limits.enter(key);
    } catch (e) {
      if (e instanceof CallerBusyError) return this.tooMany(res, { retryAfterSeconds: 1 }, e.message);
      throw e;
    }
    res.raw.once('close', leave);
    callers.set(req, caller);
    callerKeys.set(req, key);
    const { dbConnectionsPerRequest, acquireTimeoutMs } = this.config;
    const connections =
      dbConnectionsPerRequest > 0
        ? withTimeout(new Semaphore(dbConnectionsPerRequest), acquireTimeoutMs, REQUEST_SHARE_TAKEN)
        : null;
    scopes.set(req, { callerKey: key, kind: kindOf(req), connections, district: districtOfCaller(caller) });
    return undefined;
  };

  /**
   * What follows (the idempotency hook, guards, the handler) runs in the request's scope. Here rather than in
   * `onRequest`: the body is read from the socket's events in between, which do not carry the scope.
   */
  readonly preHandler = (req: FastifyRequest, _res: FastifyReply, next: HookHandlerDoneFunction): void => {
    const scope = scopes.get(req);
    if (scope) runInScope(scope, next);
    else next();
  };

  private tooMany(res: FastifyReply, refusal: Refusal, message = 'Too many requests; slow down'): FastifyReply {
    res.header('Retry-After', String(refusal.retryAfterSeconds));
    return refuse(res, 429, 'RATE_LIMITED', message, { retryable: true, retryAfterSeconds: refusal.retryAfterSeconds });
  }
}
