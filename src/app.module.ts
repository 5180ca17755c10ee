import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { CalendarModule } from './calendar/calendar.module.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import type { RequestContext } from './common/request-context.js';
import { SCHEMA_OPTIONS } from './graphql/schema-options.js';
import { validationFailure } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { ErrorFilter } from './graphql/error.filter.js';
import { formatError } from './graphql/format-error.js';
import { GraphqlContextModule } from './graphql/graphql-context.module.js';
import { LoadersFactory } from './graphql/loaders.factory.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { IssuesModule } from './issues/issues.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({})
export class AppModule {
  /** `clock` replaces the system clock (the demo seed writes history with it). */
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.forRoot(config, clock),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl!, config.dbPoolSize), retryAttempts: 3, retryDelay: 1000 }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [GraphqlContextModule],
          inject: [AuthService, LoadersFactory],
          useFactory: (auth: AuthService, loaders: LoadersFactory) => ({
            path: '/graphql',
            autoSchemaFile: true, // schema.gql is written by `npm run schema`
            sortSchema: true,
            buildSchemaOptions: SCHEMA_OPTIONS,
            introspection: config.introspection,
            graphiql: config.isDevelopment,
            includeStacktraceInErrorResponses: config.isDevelopment,
            formatError: (formatted) => formatError(formatted, config.isDevelopment),
            context: async ({ req }: { req: Request }): Promise<RequestContext> => ({
              req,
              caller: await auth.callerFromHeader(req.headers.authorization),
              loaders: loaders.create(),
            }),
          }),
        }),
        CalendarModule,
        UnitsModule,
        AuthModule,
        IssuesModule,
        ReportsModule,
        SchedulerModule,
        IdempotencyModule,
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
