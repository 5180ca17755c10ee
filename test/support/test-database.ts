// Where the e2e tests' PostgreSQL is: TEST_DATABASE_URL, else DATABASE_URL, else an embedded one.
import pg from 'pg';

export const TEMPLATE_DB = 'rectify_test_template';
export const ADMIN_URL_ENV = 'RECTIFY_TEST_ADMIN_URL';

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
