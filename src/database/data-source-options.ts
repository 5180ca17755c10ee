import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { fairPg, type PoolFairness } from '../limits/fair-pool.js';
import { districtPg } from '../tenancy/district-pool.js';
import { ENTITIES } from './entities.js';

/**
 * The one set of connection options, shared by the app, the migration CLI and the tests. `fairness` (the service's
 * pool only) shares connections between callers and bounds every statement; migrations and tools run unbounded.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  idleTimeoutMs = 0,
  fairness?: PoolFairness,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    entities: ENTITIES,
    poolSize,
    // Either pool gives each checkout its scope's district (row-level security; outside any scope: city-wide).
    driver: fairness ? fairPg(fairness) : districtPg(),
    extra: {
      // Fail fast instead of hanging when the database is away or every connection is busy (pg-pool counts the wait
      // for a free connection in this too).
      connectionTimeoutMillis: fairness?.acquireTimeoutMs ?? 5000,
      ...(fairness
        ? {
            statement_timeout: fairness.timeouts.read,
            // Parallel workers would let one request's scan take every core, the service's own among them. JIT off:
            // the service's statements answer in milliseconds by index, and compiling one costs 0.5–2 s whenever the
            // planner's estimate passes jit_above_cost (a fold's generate_series estimate does, on any database).
            options: `-c max_parallel_workers_per_gather=${fairness.parallelWorkers} -c jit=off`,
            // A transaction left open by a stalled client cannot hold its locks for long.
            idle_in_transaction_session_timeout: fairness.timeouts.write * 2,
          }
        : {}),
      application_name: 'rectify',
      // pg-pool closes a connection idle 10 s by default, and the next request's backend starts cold: it maps every
      // shared buffer it reads anew (page faults) and loads its catalog caches. At a million problems, after a 15 s
      // pause, the table took 175 ms instead of 39 and a text search 522 instead of 86 (bench/after-pause.ts). 0 keeps them.
      idleTimeoutMillis: idleTimeoutMs,
    },
  };
}
