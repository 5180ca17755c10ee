// npm run seed:demo — fills an empty database with a district's twelve weeks of rectification work.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { AppModule } from '../app.module.js';
import { ManualClock } from '../common/clock.js';
import { loadConfig } from '../config/config.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { runMigrations } from '../database/migrate.js';
import { createHttpAdapter } from '../http/http-adapter.js';
import { DemoModule } from '../demo/demo.module.js';
import { DemoSeeder } from '../demo/demo-seeder.js';
import { DEFAULT_DISTRICT_ID, inDistrict } from '../tenancy/district-scope.js';

const config = loadConfig();
const count = Number(process.argv[2] ?? 300);
const embedded = config.databaseUrl
  ? null
  : await EmbeddedDatabase.start({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'rectify' });
const databaseUrl = config.databaseUrl ?? embedded!.url;
await runMigrations(databaseUrl);
const now = new Date();
const clock = new ManualClock(now);
const app = await NestFactory.create(
  {
    module: DemoModule,
    // (the seed replays history on its own clock: what the service does in the background waits for the service)
    imports: [
      AppModule.forRoot(
        {
          ...config,
          databaseUrl,
          sweepIntervalMs: 0,
          webhookIntervalMs: 0,
          notifyIntervalMs: 0,
          figuresFoldIntervalMs: 0,
        },
        clock,
      ),
    ],
  },
  createHttpAdapter(config),
  { logger: ['error', 'warn'] },
);
await app.init();
try {
  const seeder = app.get(DemoSeeder);
  if (!(await seeder.isEmpty())) {
    console.error('The database already has units or problems: seed:demo fills an empty one only.');
    process.exitCode = 1;
  } else {
    const t0 = Date.now();
    // The demo is the default district's (a single-district deployment's one).
    const summary = await inDistrict(DEFAULT_DISTRICT_ID, () => seeder.run(count, now));
    console.log(
      `Demo district: ${summary.units} units, ${summary.issues} problems, ${summary.events} events (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
    );
    console.log('Tokens for trying other roles (shown once):');
    for (const t of summary.tokens) console.log(`  ${t.unit}\t${t.token}`);
  }
} finally {
  await app.close();
  await embedded?.stop();
}
