// pg's Pool, shared fairly. When every connection is busy, callers take turns for the next one (round robin by caller,
// first come first served within a caller), so one caller's queue of work never stands between another caller and the
// pool; a request holds at most its scope's share of connections at once (an operation with many aliased fields
// queues on its own share); its statements are bounded by the timeout of its kind; and each connection works for the
// scope's district (`rectify.district`, which row-level security reads). Given to TypeORM as its driver,
// so every query passes here. (pg-pool serves waiters in arrival order only; no maintained pool for node-postgres
// queues by caller, so the turn-taking is written here, in front of pg-pool's own.)
import pg from 'pg';
import { checkoutDistrict, districtOf, setDistrictSql } from '../tenancy/district-pool.js';
import { KeyedSemaphores } from './keyed-semaphores.js';
import { currentScope, type RequestKind } from './request-scope.js';

export interface PoolFairness {
  /** How long a request waits for a connection (of the pool, or of its share) before giving up. */
  acquireTimeoutMs: number;
  /**
   * Connections one caller's reads hold at once, all its requests together (0: no limit). Reads only: they never hold
   * one connection while waiting for another, so a small share cannot wait on itself (a mutation's transaction can).
   */
  readConnectionsPerCaller: number;
  /** statement_timeout per kind of work, in ms (0: none); `read` is the connections' own setting. */
  timeouts: Record<RequestKind, number>;
  /** max_parallel_workers_per_gather of the connections. */
  parallelWorkers: number;
  /** The database time a caller's reads may use (null: no budget). */
  readTime?: DatabaseTimeBudget | null;
}

/** A request waited too long for a connection: every one of the pool stayed busy. */
export class ConnectionWaitError extends Error {
  constructor() {
    super('timeout exceeded when trying to connect');
    this.name = 'ConnectionWaitError';
  }
}

/** The caller's own work is in the way: its share of connections stayed busy, or it has spent its database time. */
export class CallerShareError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'CallerShareError';
  }
}

/** Database time a caller's reads may use, and the record of what they used (rate-limiter-flexible, in ms). */
export interface DatabaseTimeBudget {
  /** Null when the caller may go on; otherwise the seconds until it may. */
  spent(callerKey: string): Promise<number | null>;
  use(callerKey: string, ms: number): void;
}

type Release = (err?: Error | boolean) => void;
type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: Release) => void;

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/** The pg module with its Pool replaced, for TypeORM's `driver` option. */
export function fairPg(fairness: PoolFairness): typeof pg {
  const readers =
    fairness.readConnectionsPerCaller > 0
      ? new KeyedSemaphores(
          fairness.readConnectionsPerCaller,
          fairness.acquireTimeoutMs,
          () => new CallerShareError('This caller’s other queries hold its share of the database; try again shortly'),
        )
      : null;
  const readTime = fairness.readTime ?? null;

  class FairPool extends pg.Pool {
    /** Connections handed out (or being fetched) through here; never more than the pool's size. */
    private lent = 0;
    /** Waiters per caller, and the callers in the order they take turns. */
    private readonly waiting = new Map<string, Waiter[]>();
    private turn: string[] = [];

    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      if (!callback) {
        return new Promise((resolve, reject) =>
          this.connect((err, client) => (err || !client ? reject(err) : resolve(client))),
        );
      }
      const scope = currentScope();
      const district = checkoutDistrict();
      const ofRequest: Promise<() => void> = scope?.connections
        ? scope.connections.acquire().then(([, release]) => release)
        : Promise.resolve(() => undefined);
      // A caller's reads share its connections whatever the number of its requests: one caller's scans take at most
      // that many backends (and cores), however many requests it sends. Always after the request's own permit.
      const reader = scope?.callerKey && (scope.kind === 'read' || scope.kind === 'export') ? scope.callerKey : null;
      const permit = !reader
        ? ofRequest
        : ofRequest.then(async (request) => {
            try {
              // A caller that has used its database time waits for none: it is told when to come back.
              const wait = readTime ? await readTime.spent(reader) : null;
              if (wait !== null)
                throw new CallerShareError('This caller has used its database time for now; slow down', wait);
              const caller = readers ? await readers.acquire(reader) : () => undefined;
              const since = performance.now();
              return () => {
                readTime?.use(reader, performance.now() - since);
                caller();
                request();
              };
            } catch (e) {
              request();
              throw e;
            }
          });
      permit.then(
        (givePermitBack) =>
          this.inTurn(
            scope?.callerKey ?? '',
            () => this.lend(scope?.kind ?? 'read', district, givePermitBack, callback),
            (e) => {
              givePermitBack();
              callback(e, undefined, () => undefined);
            },
          ),
        (busy: Error) => callback(busy, undefined, () => undefined),
      );
    }

    /** Runs `start` when a connection is free and it is `key`'s turn; `fail` when that takes too long. */
    private inTurn(key: string, start: () => void, fail: (e: Error) => void): void {
      if (this.lent < (this.options.max ?? 10) && this.waiting.size === 0) {
        this.lent++;
        return start();
      }
      const waiter: Waiter = {
        start,
        timer: setTimeout(() => {
          const queue = this.waiting.get(key);
          const at = queue?.indexOf(waiter) ?? -1;
          if (at < 0) return;
          queue!.splice(at, 1);
          if (queue!.length === 0) this.forget(key);
          fail(new ConnectionWaitError());
        }, fairness.acquireTimeoutMs),
      };
      const queue = this.waiting.get(key);
      if (queue) queue.push(waiter);
      else {
        this.waiting.set(key, [waiter]);
        this.turn.push(key);
      }
    }

    /** A connection came back (or never came): the next caller in turn gets the slot. */
    private giveBack(): void {
      this.lent--;
      while (this.turn.length > 0 && this.lent < (this.options.max ?? 10)) {
        const key = this.turn.shift()!;
        const queue = this.waiting.get(key)!;
        const waiter = queue.shift()!;
        if (queue.length === 0) this.waiting.delete(key);
        else this.turn.push(key);
        clearTimeout(waiter.timer);
        this.lent++;
        waiter.start();
      }
    }

    private forget(key: string): void {
      this.waiting.delete(key);
      this.turn = this.turn.filter((k) => k !== key);
    }

    private lend(kind: RequestKind, district: string, givePermitBack: () => void, callback: ConnectCallback): void {
      const timeout = fairness.timeouts[kind];
      super.connect((err: Error | undefined, client: pg.PoolClient | undefined, release: Release) => {
        if (err || !client) {
          givePermitBack();
          this.giveBack();
          return callback(err, client, release);
        }
        const back = (e?: Error | boolean) => {
          release(e);
          this.giveBack();
        };
        const hand = (after: Release) => {
          let released = false;
          const wrapped: Release = (e) => {
            if (released) return;
            released = true;
            givePermitBack();
            after(e);
          };
          client.release = wrapped;
          callback(undefined, client, wrapped);
        };
        // The connection works for the checkout's district (row-level security reads it). Set whenever it differs
        // from what the connection last had, on every checkout, so no request ever runs with another's: a
        // connection's setting is the last checkout's until the next one overwrites it, and the service sets it
        // nowhere else (a transaction's own `set_config(…, true)` ends with it). One round trip with the statement
        // bound when both change; none when the same district checks the connection out again.
        const sets: string[] = [];
        if (districtOf.get(client) !== district) sets.push(setDistrictSql(district));
        const otherBound = timeout !== fairness.timeouts.read;
        if (otherBound) sets.push(`SET statement_timeout = ${Math.trunc(timeout)}`);
        if (sets.length === 0) return hand(back);
        // While we talk to it between owners nobody else listens for its errors: a dropped connection must not go
        // unheard.
        const own = (statement: string, then: (err?: Error) => void) => {
          const heard = () => undefined;
          client.on('error', heard);
          client.query(statement).then(
            () => (client.removeListener('error', heard), then()),
            (e: Error) => (client.removeListener('error', heard), then(e)),
          );
        };
        own(sets.join('; '), (setErr) => {
          if (setErr) {
            districtOf.delete(client);
            back(setErr);
            givePermitBack();
            return callback(setErr, undefined, () => undefined);
          }
          districtOf.set(client, district);
          // Another kind's bound is for this checkout only; the connection goes back with the pool's own.
          if (!otherBound) return hand(back);
          hand((e) => (e ? back(e) : own('RESET statement_timeout', (resetErr) => back(resetErr))));
        });
      });
    }
  }

  return Object.create(pg, { Pool: { value: FairPool } }) as typeof pg;
}
