// Where the e2e tests' PostgreSQL is (TEST_DATABASE_URL, else DATABASE_URL, else an embedded one) and the migrated
// template each test file copies. The global setup (which imports this from the build) names the template after its
// own process, so two runs on one server — a CI clone beside a developer's run — never drop each other's.
import pg from 'pg';

export const ADMIN_URL_ENV = 'RECTIFY_TEST_ADMIN_URL';
export const TEMPLATE_ENV = 'RECTIFY_TEST_TEMPLATE';

/** This run's template database (set by the global setup before any test file runs). */
export const templateDb = (): string => process.env[TEMPLATE_ENV] ?? 'rectify_test_template';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env[ADMIN_URL_ENV] });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
