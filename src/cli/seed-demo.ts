// npm run seed:demo — fills an empty database with a district's twelve weeks of rectification work.
// npm run seed:demo -- --city [n] — a demo city instead: 重庆市 and its 38 districts and counties (src/demo/demo-city.ts),
// n problems each when given (else 1,200–3,600, varied by district).
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
import { seedDemoCity } from '../demo/demo-city.js';
import pg from 'pg';
import { DEFAULT_DISTRICT_ID, inDistrict } from '../tenancy/district-scope.js';

const config = loadConfig();
const args = process.argv.slice(2);
const asCity = args.includes('--city');
const countArg = args.find((a) => !a.startsWith('--'));
const count = Number(countArg ?? 300);
const embedded = config.databaseUrl
  ? null
  : await EmbeddedDatabase.start({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'rectify' });
const databaseUrl = config.databaseUrl ?? embedded!.url;
await runMigrations(databaseUrl);
if (asCity) {
  try {
    // The city is loaded as a role row security binds: the embedded server's service role (its superuser would see
    // every district's rows while building one district's figures).
    await embedded?.grantApp();
    await seedCity(embedded?.appUrl ?? databaseUrl, databaseUrl);
  } finally {
    await embedded?.stop();
  }
  process.exit();
}
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

/** The demo city, straight into the database (no service needed): an empty database only. */
async function seedCity(url: string, ownerUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, options: '-c rectify.district=all' });
  await c.connect();
  const [{ n }] = (
    await c.query<{ n: string }>(`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM issues) AS n`)
  ).rows;
  await c.end();
  if (Number(n) > 0) {
    console.error('The database already has units or problems: seed:demo -- --city fills an empty one only.');
    process.exitCode = 1;
    return;
  }
  const t0 = Date.now();
  const summary = await seedDemoCity(url, {
    config,
    now: new Date(),
    problems: countArg === undefined ? undefined : () => count,
    ownerUrl,
    log: (m) => console.log(m),
  });
  console.log(
    `Demo city 重庆市: ${summary.districts} districts, ${summary.units} units, ${summary.issues.toLocaleString('en')} problems, ` +
      `${summary.events.toLocaleString('en')} events (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
  );
  console.log('Tokens for the city and each district’s office (shown once):');
  for (const t of summary.tokens) console.log(`  ${t.label}\t${t.token}`);
}
