import { DataSource } from 'typeorm';
import { cityWide } from '../tenancy/district-scope.js';
import { dataSourceOptions } from './data-source-options.js';

// Any fixed number: instances starting together take turns running migrations.
const MIGRATION_LOCK = 7_263_001;

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // City-wide: a migration that reads or writes rows sees every district's (and names the district of a new row).
    const done = await cityWide(() => ds.runMigrations({ transaction: 'each' }));
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}
