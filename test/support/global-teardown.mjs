import pg from 'pg';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: process.env.RECTIFY_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS rectify_test_template WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await globalThis.__RECTIFY_EMBEDDED__?.stop();
}
