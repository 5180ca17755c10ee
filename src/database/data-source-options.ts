import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';

/** The one set of connection options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 10, idleTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    entities: [],
    poolSize,
    extra: {
      // Fail fast instead of hanging when the database is away.
      connectionTimeoutMillis: 5000,
      application_name: 'rectify',
      // pg-pool closes a connection idle 10 s by default, and the next request's backend starts cold: it maps every
      // shared buffer it reads anew (page faults) and loads its catalog caches. At a million problems, after a 15 s
      // pause, the table took 175 ms instead of 39 and a text search 522 instead of 86 (bench/after-pause.ts). 0 keeps them.
      idleTimeoutMillis: idleTimeoutMs,
    },
  };
}
