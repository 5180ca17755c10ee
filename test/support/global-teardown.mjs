import pg from 'pg';
import { ADMIN_URL_ENV, templateDb } from '../../dist/test/support/test-database.js';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: process.env[ADMIN_URL_ENV] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb()} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await globalThis.__RECTIFY_EMBEDDED__?.stop();
}
