// npm run backup [-- <file>]: a consistent backup of the configured database (embedded included).
import { mkdirSync, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { backup } from '../backup/backup.js';
import { loadConfig } from '../config/config.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';

const config = loadConfig();
const file = process.argv[2] ?? join('backups', `rectify-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`);
const embedded = config.databaseUrl
  ? null
  : await EmbeddedDatabase.start({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'rectify' });
const client = new pg.Client({ connectionString: config.databaseUrl ?? embedded!.url });
await client.connect();
try {
  mkdirSync(dirname(file), { recursive: true });
  const header = await backup(client, createWriteStream(file));
  console.log(
    `Backup written to ${file}: ${header.tables.length} tables, migrations up to ${header.migrations.at(-1)}`,
  );
} finally {
  await client.end();
  await embedded?.stop();
}
