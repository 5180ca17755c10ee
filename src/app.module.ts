import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Inject, Module, type OnModuleInit, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from './auth/auth.service.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { StorableInputPipe } from './common/storable-input.pipe.js';
import { validationFailure } from './common/validation.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { ErrorFilter } from './graphql/error.filter.js';
import { GraphqlContextModule } from './graphql/graphql-context.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { LoadersFactory } from './graphql/loaders.factory.js';
import { HealthController } from './health/health.controller.js';
import { LimitsModule } from './limits/limits.module.js';
import { CallerLimits, databaseTimeBudget } from './limits/caller-limits.js';
import { LoggingModule } from './logging/logging.module.js';
import { createRootLogger, ROOT_LOGGER } from './logging/root-logger.js';
import type { Logger } from 'pino';
import { DOMAIN_MODULES } from './domain-modules.js';

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Express hashes every reply body for an ETag; GraphQL replies are POSTs marked no-store, so that buys nothing. It
   * would also announce itself (X-Powered-By). `trust proxy` says which X-Forwarded-For hops name the client address
   * that anonymous budgets are kept by.
   */
  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<{
      set(name: string, value: unknown): void;
      disable(name: string): void;
    }>();
    express?.set('etag', false);
    express?.disable('x-powered-by');
    if (this.config.trustProxy) express?.set('trust proxy', trustProxySetting(this.config.trustProxy));
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

/** RECTIFY_TRUST_PROXY as Express takes it: a hop count, true, or addresses and subnets ("loopback, 10.0.0.0/8"). */
function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  return value;
}
