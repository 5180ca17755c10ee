// The service keeps its pooled connections open between requests (RECTIFY_DB_IDLE_TIMEOUT_MS, default 0): a new
// backend reads cold (see data-source-options), so an office pausing longer than pg-pool's default 10 s would pay it.
import { afterEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';
import { ADMIN_URL_ENV } from '../support/test-database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The backends of the service's pool (not its token listener) on the test's database. */
async function poolBackends(t: TestApp): Promise<number[]> {
  const client = new pg.Client({ connectionString: process.env[ADMIN_URL_ENV] });
  await client.connect();
  try {
    const database = new URL(t.databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'rectify' ORDER BY pid`,
      [database],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

describe('the connection pool', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('keeps its connections open through a pause longer than pg-pool’s default idle timeout', async () => {
    t = await createTestApp();
    await t.ok(OFFICE_TOKEN, '{ units { id } }');
    const before = await poolBackends(t);
    expect(before.length).toBeGreaterThan(0);

    await sleep(10_500);
    expect(await poolBackends(t)).toEqual(before);
    await t.ok(OFFICE_TOKEN, '{ units { id } }');
    expect(await poolBackends(t)).toEqual(before);
  }, 30_000);

  it('closes a connection idle longer than RECTIFY_DB_IDLE_TIMEOUT_MS, and opens one again when asked', async () => {
    t = await createTestApp({ env: { RECTIFY_DB_IDLE_TIMEOUT_MS: '300' } });
    await t.ok(OFFICE_TOKEN, '{ units { id } }');
    const before = await poolBackends(t);
    expect(before.length).toBeGreaterThan(0);

    await sleep(1_500);
    expect(await poolBackends(t)).toEqual([]);
    const { units } = await t.ok<{ units: unknown[] }>(OFFICE_TOKEN, '{ units { id } }');
    expect(Array.isArray(units)).toBe(true);
    const after = await poolBackends(t);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((pid) => before.includes(pid))).toBe(false);
  }, 30_000);
});
