import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createHttpAdapter } from '../../src/http/http-adapter.js';
import { ADMIN_URL_ENV, adminQuery, templateDb, withDatabase } from './test-database.js';
import { TestClock } from './test-clock.js';

export const OFFICE_TOKEN = 'test-office-token-0123456789abcdef';

export interface GqlError {
  message: string;
  extensions: { code: string; [k: string]: unknown };
}

export interface GqlReply<T> {
  status: number;
  data: T | null;
  errors?: GqlError[];
}

export interface TestApp {
  app: INestApplication;
  clock: TestClock;
  db: DataSource;
  databaseUrl: string;
  gql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlReply<T>>;
  /** Like gql, but fails the test when the reply has errors. */
  ok<T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** The real app on a database of its own, copied from the migrated template, with a clock the test controls. */
export async function createTestApp(
  options: { now?: string; env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestApp> {
  const database = `rectify_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${templateDb()}`);
  const databaseUrl = withDatabase(process.env[ADMIN_URL_ENV]!, database);
  const clock = new TestClock(new Date(options.now ?? '2026-03-02T02:00:00.000Z'));
  // The deadline sweep runs only when a test calls it, on the test's clock.
  const config = loadConfig({
    NODE_ENV: 'test',
    RECTIFY_ADMIN_TOKEN: OFFICE_TOKEN,
    DATABASE_URL: databaseUrl,
    RECTIFY_SWEEP_INTERVAL_MS: '0',
    // The figures fold when a test folds them (unfolded log rows are booked live).
    RECTIFY_FIGURES_FOLD_INTERVAL_MS: '0',
    // Webhooks are dispatched when a test dispatches them.
    RECTIFY_WEBHOOK_INTERVAL_MS: '0',
    RECTIFY_NOTIFY_INTERVAL_MS: '0',
    // Tests send bursts on purpose; the limits have their own tests.
    RECTIFY_RATE_LIMIT: '0',
    RECTIFY_ANONYMOUS_RATE_LIMIT: '0',
    RECTIFY_COST_PER_SECOND: '0',
    RECTIFY_MAX_IN_FLIGHT: '0',
    RECTIFY_DB_READ_MS_PER_SECOND: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, undefined, options.logger)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { logger: ['error'] });
  await app.init();
  // Fastify binds its hooks and routes when ready; listen() does it, a test's requests to the bare server need it.
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();

  const gql = async <T>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlReply<T>> => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: (res.body?.data ?? null) as T | null, errors: res.body?.errors };
  };

  return {
    app,
    clock,
    db: app.get(DataSource),
    databaseUrl,
    gql,
    async ok<T>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
      const reply = await gql<T>(token, query, variables);
      if (reply.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
      return reply.data as T;
    },
    async close() {
      await app.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
