// The database the bench writes into: a given DATABASE_URL, or an embedded PostgreSQL kept in bench/.work/pg,
// one database per data-set size so that the quick and the full data sets are both kept for the next run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';
import { DEFAULT_DISTRICT_ID } from '../src/tenancy/district-scope.js';

export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54360);

const BENCH_PG_SETTINGS: Record<string, string> = {
  shared_buffers: '4GB',
  effective_cache_size: '16GB',
  work_mem: '64MB',
  maintenance_work_mem: '1GB',
  random_page_cost: '1.1',
  max_wal_size: '8GB',
};

export interface BenchDatabase {
  url: string;
  /** True when the bench owns the database (embedded): it may then reset it without asking. */
  owned: boolean;
  stop(): Promise<void>;
}

export async function openBenchDatabase(
  databaseUrl: string | null,
  issues: number,
  benchDir: string,
  districts = 1,
): Promise<BenchDatabase> {
  if (databaseUrl) return { url: databaseUrl, owned: false, stop: async () => undefined };
  const dir = join(benchDir, '.work', 'pg');
  // A server another bench process started (serve-db, a run in progress) is used, never stopped, by this one.
  const running = runningPostmaster(dir);
  const embedded = await EmbeddedDatabase.start({
    dir,
    port: BENCH_PG_PORT,
    database: districts > 1 ? `rectify_bench_${issues}_d${districts}` : `rectify_bench_${issues}`,
    // Sized for this machine (24 GiB) the way an office's server would be, not PostgreSQL's 128 MB default;
    // pgbench, the hand-written SQL and the service all run on these settings.
    settings: BENCH_PG_SETTINGS,
    log: (m) => console.log(`  ${m}`),
  });
  return { url: embedded.url, owned: true, stop: () => (running ? Promise.resolve() : embedded.stop()) };
}

function runningPostmaster(dir: string): boolean {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bench's district: its rows are the default district's (a single-district deployment), and its own connections
 * read and write as that district (row-level security, migration 1763900000042).
 */
export const BENCH_DISTRICT = `-c rectify.district=${DEFAULT_DISTRICT_ID}`;

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'rectify-bench', options: BENCH_DISTRICT });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** "PostgreSQL 18.4 …" → "18.4", and the settings that matter for the figures. */
export async function serverInfo(url: string): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(url, async (c) => {
    const version = (
      (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v ?? ''
    ).split(' ')[0];
    const names = [
      'shared_buffers',
      'work_mem',
      'effective_cache_size',
      'max_parallel_workers_per_gather',
      'jit',
      'random_page_cost',
      'synchronous_commit',
      'max_wal_size',
    ];
    const rows = (
      await c.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, current_setting(name) AS setting, NULL AS unit FROM pg_settings WHERE name = ANY($1)`,
        [names],
      )
    ).rows;
    return { version, settings: Object.fromEntries(rows.map((r) => [r.name, r.setting])) };
  });
}
