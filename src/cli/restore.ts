// npm run restore -- <file>: loads a backup into the configured database, which must hold no data yet.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { restore } from '../backup/backup.js';
import { loadConfig } from '../config/config.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { runMigrations } from '../database/migrate.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore -- <backup file>');
  process.exit(2);
}
const config = loadConfig();
const embedded = config.databaseUrl
  ? null
  : await EmbeddedDatabase.start({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'rectify' });
const url = config.databaseUrl ?? embedded!.url;
await runMigrations(url);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const header = await restore(client, createReadStream(file));
  console.log(`Restored ${file} (made ${header.createdAt}): ${header.tables.length} tables`);
} catch (e) {
  console.error(`Restore failed, nothing was changed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.end();
  await embedded?.stop();
}
