import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module, type OnModuleInit, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyInstance } from 'fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from './auth/auth.service.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { StorableInputPipe } from './common/storable-input.pipe.js';
import { validationFailure } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { ErrorFilter } from './graphql/error.filter.js';
import { GraphqlContextModule } from './graphql/graphql-context.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { LoadersFactory } from './graphql/loaders.factory.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyHook } from './idempotency/idempotency.hook.js';
import { LimitsModule } from './limits/limits.module.js';
import { RequestGate } from './limits/request-gate.hook.js';
import { CallerLimits, databaseTimeBudget } from './limits/caller-limits.js';
import { LoggingModule } from './logging/logging.module.js';
import { RequestLoggingHook } from './logging/request-logging.hook.js';
import { createRootLogger, ROOT_LOGGER } from './logging/root-logger.js';
import type { Logger } from 'pino';
import { DOMAIN_MODULES } from './domain-modules.js';

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly logging: RequestLoggingHook,
    private readonly gate: RequestGate,
    private readonly idempotency: IdempotencyHook,
  ) {}

  /**
   * What Express ran as middleware, as Fastify hooks (bound to every route when Fastify gets ready, so also to those
   * registered after this, as Apollo's /graphql): each request logged; gated before its body is read; its handler run
   * in its scope; a mutation's Idempotency-Key claimed once its body is read. The platform itself (trust proxy, body
   * limit) is src/http/http-adapter.ts.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', this.logging.onRequest);
    fastify.addHook('onRequest', this.gate.onRequest);
    fastify.addHook('preHandler', this.gate.preHandler);
    fastify.addHook('preHandler', this.idempotency.preHandler);
  }

  /** `clock` replaces the system clock (the demo seed writes history with it); `logger` is where logs go. */
  static forRoot(config: AppConfig, clock?: Clock, logger: Logger = createRootLogger(config.logLevel)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(logger),
        CommonModule.forRoot(config, clock),
        LimitsModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl!, config.dbPoolSize, config.dbIdleTimeoutMs, {
            acquireTimeoutMs: config.acquireTimeoutMs,
            readConnectionsPerCaller: config.dbReadConnectionsPerCaller,
            parallelWorkers: config.dbParallelWorkers,
            readTime: databaseTimeBudget(config.dbReadMsPerSecond),
            timeouts: {
              read: config.readTimeoutMs,
              write: config.writeTimeoutMs,
              export: config.exportTimeoutMs,
              import: config.importTimeoutMs,
              background: Math.max(config.importTimeoutMs, config.exportTimeoutMs),
            },
          }),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [GraphqlContextModule],
          inject: [LoadersFactory, CallerLimits, ROOT_LOGGER, AuthService],
          useFactory: (loaders: LoadersFactory, limits: CallerLimits, log: Logger, auth: AuthService) =>
            graphqlOptions(config, loaders, limits, log, auth),
        }),
        ...DOMAIN_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        // Before validation: text PostgreSQL cannot store, in any argument or REST parameter, is refused naming its field.
        { provide: APP_PIPE, useClass: StorableInputPipe },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, exceptionFactory: validationFailure }),
        },
      ],
    };
  }
}
