// How Apollo is set up: schema, error shaping, limits, and the per-request context (caller, loaders).
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { AuthService } from '../auth/auth.service.js';
import { hashToken } from '../auth/token-hash.js';
import type { RequestContext } from '../common/request-context.js';
import { isDatabaseDown } from '../database/database-errors.js';
import type { AppConfig } from '../config/config.js';
import { formatError } from './format-error.js';
import type { LoadersFactory } from './loaders.factory.js';
import { queryLimitsRule } from './query-limits.js';
import { RateLimiter } from './rate-limiter.js';
import { SCHEMA_OPTIONS } from './schema-options.js';

/** The token is looked up before any resolver runs, outside the error filter: a database away is still a 503. */
async function callerOf(auth: AuthService, authorization: string | undefined) {
  try {
    return await auth.callerFromHeader(authorization);
  } catch (e) {
    if (!isDatabaseDown(e)) throw e;
    throw new GraphQLError('The database is unavailable; try again shortly', {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  }
}

/** Replies carry personal data (a complainant, to the office): no cache on the way may keep them. */
const noStore: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export function graphqlOptions(config: AppConfig, auth: AuthService, loaders: LoadersFactory): Omit<ApolloDriverConfig, 'driver'> {
  const limiter = new RateLimiter(config.rateLimitPerSecond, config.rateLimitBurst);
  return {
    path: '/graphql',
    autoSchemaFile: true, // schema.gql is written by `npm run schema`
    sortSchema: true,
    buildSchemaOptions: SCHEMA_OPTIONS,
    introspection: config.introspection,
    graphiql: config.isDevelopment,
    includeStacktraceInErrorResponses: config.isDevelopment,
    formatError: (formatted, error) => formatError(formatted, config.isDevelopment, error),
    // No cache hints: Apollo's cache-control plugin wrapped every field's resolver to collect them (~10 ms of a
    // 95-row table, bench/); its one effect here, `no-store`, is kept by a plugin of our own.
    plugins: [ApolloServerPluginCacheControlDisabled(), noStore],
    validationRules: [queryLimitsRule({ maxDepth: config.maxQueryDepth, maxCost: config.maxQueryCost, defaultPageSize: 50 })],
    context: async ({ req }: { req: Request }): Promise<RequestContext> => {
      const authorization = req.headers.authorization;
      if (!limiter.take(authorization ? hashToken(authorization) : `ip:${req.ip}`)) {
        throw new GraphQLError('Too many requests; slow down', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
      }
      return { req, caller: await callerOf(auth, authorization), loaders: loaders.create() };
    },
  };
}
