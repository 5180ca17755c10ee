// npm run verify-log: replays every problem's log through the machine and lists any whose stored state differs.
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { ReplayService } from '../issues/replay.service.js';

const config = loadConfig();
const embedded = config.databaseUrl
  ? null
  : await EmbeddedDatabase.start({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'rectify' });
const db = new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2));
await db.initialize();
try {
  const { checked, mismatches } = await new ReplayService(db).verifyAll();
  for (const m of mismatches) {
    console.log(
      `${m.code}\t${m.issueId}\tstored ${m.storedSubstate}\treplayed ${m.replayedSubstate ?? '-'}\t${m.fields.join(',')}`,
    );
  }
  console.log(`${checked} problems replayed, ${mismatches.length} mismatched`);
  process.exitCode = mismatches.length ? 1 : 0;
} finally {
  await db.destroy();
  await embedded?.stop();
}
