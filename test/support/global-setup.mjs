// Runs before the e2e tests, outside Jest's module system, so it uses the build (npm test builds first).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabase } from '../../dist/src/database/embedded-database.js';
import { runMigrations } from '../../dist/src/database/migrate.js';
import { freePort } from '../../dist/test/support/processes.js';
import { ADMIN_URL_ENV, TEMPLATE_ENV, withDatabase } from '../../dist/test/support/test-database.js';

/** One migrated template database; every test file copies it into a database of its own. */
export default async function globalSetup() {
  let url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    const embedded = await EmbeddedDatabase.start({
      dir: mkdtempSync(join(tmpdir(), 'rectify-test-pg-')),
      port: Number(process.env.RECTIFY_TEST_PG_PORT) || (await freePort()),
      database: 'postgres',
      ephemeral: true,
    });
    globalThis.__RECTIFY_EMBEDDED__ = embedded;
    url = embedded.url;
  }
  process.env[ADMIN_URL_ENV] = url;
  const template = `rectify_test_template_${process.pid}`;
  process.env[TEMPLATE_ENV] = template;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await runMigrations(withDatabase(url, template));
}
