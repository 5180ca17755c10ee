import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module, type OnModuleInit, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { CalendarModule } from './calendar/calendar.module.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { EcoModule } from './eco/eco.module.js';
import { validationFailure } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { ErrorFilter } from './graphql/error.filter.js';
import { GraphqlContextModule } from './graphql/graphql-context.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { LoadersFactory } from './graphql/loaders.factory.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { IssuesModule } from './issues/issues.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { createRootLogger } from './logging/root-logger.js';
import type { Logger } from 'pino';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({})
export class AppModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Express hashes every reply body for an ETag; GraphQL replies are POSTs marked no-store, so that buys nothing. */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<{ set(name: string, value: unknown): void }>().set('etag', false);
  }

  /** `clock` replaces the system clock (the demo seed writes history with it); `logger` is where logs go. */
  static forRoot(config: AppConfig, clock?: Clock, logger: Logger = createRootLogger(config.logLevel)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(logger),
        CommonModule.forRoot(config, clock),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl!, config.dbPoolSize, config.dbIdleTimeoutMs), retryAttempts: 3, retryDelay: 1000 }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [GraphqlContextModule],
          inject: [AuthService, LoadersFactory],
          useFactory: (auth: AuthService, loaders: LoadersFactory) => graphqlOptions(config, auth, loaders),
        }),
        CalendarModule,
        UnitsModule,
        AuthModule,
        IssuesModule,
        EvidenceModule,
        ReportsModule,
        EcoModule,
        SchedulerModule,
        IdempotencyModule,
        ImportsModule,
        DashboardModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, exceptionFactory: validationFailure }),
        },
      ],
    };
  }
}
