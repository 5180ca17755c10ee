// How Apollo is set up: schema, error shaping, document limits, and the per-request context (caller, loaders).
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, subscribe, type ExecutionArgs, type ValidationContext } from 'graphql';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/auth.service.js';
import type { Caller } from '../auth/caller.js';
import type { LiveConnection, RequestContext } from '../common/request-context.js';
import type { AppConfig } from '../config/config.js';
import type { CallerLimits } from '../limits/caller-limits.js';
import { callerOf, districtOfCaller } from '../limits/request-gate.hook.js';
import { runInScope, type RequestScope } from '../limits/request-scope.js';
import { describeError } from './error-description.js';
import { formatError, rootCause } from './format-error.js';
import type { LoadersFactory } from './loaders.factory.js';
import { queryCostPlugin } from './query-cost.plugin.js';
import { describeRootTypes } from './root-type-descriptions.js';
import { SCHEMA_OPTIONS } from './schema-options.js';

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

/** Whatever nobody foresaw is logged once, with its stack and the request's id, wherever in the operation it was thrown. */
function unexpectedErrorsLogged(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const cause = rootCause(error);
            if (cause instanceof GraphQLError || !describeError(cause).unexpected) continue;
            const id = contextValue?.req?.id;
            logger.error({ req: { id }, err: cause, path: error.path?.join('.') }, 'unexpected error');
          }
        },
      };
    },
  };
}

/** graphql-armor's refusals carry our codes (QUERY_TOO_DEEP, …) instead of its BAD_USER_INPUT. */
const refuseAs = (code: string) => ({
  propagateOnRejection: false,
  onReject: [
    (ctx: ValidationContext | null, error: GraphQLError) =>
      ctx?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } })),
  ],
});

/**
 * A subscription's work (its resolver, and each event's fields as it is sent) in its caller's district, as an HTTP
 * request's: graphql-ws's own loop calls the events' iterator outside any request scope.
 */
async function scopedSubscribe(args: ExecutionArgs) {
  const caller = (args.contextValue as RequestContext).caller;
  const scope: RequestScope = {
    callerKey: null,
    kind: 'read',
    connections: null,
    district: districtOfCaller(caller),
  };
  const result = await runInScope(scope, () => subscribe(args));
  if (!(Symbol.asyncIterator in result)) return result;
  const events = result[Symbol.asyncIterator]();
  const scoped: AsyncIterableIterator<unknown> = {
    next: () => runInScope(scope, () => events.next()),
    return: () => events.return?.() ?? Promise.resolve({ done: true, value: undefined }),
    throw: (e?: unknown) => events.throw?.(e) ?? Promise.reject(e),
    [Symbol.asyncIterator]: () => scoped,
  };
  return scoped;
}

/** What graphql-ws keeps of a connection: the caller its init payload's token names. */
interface SocketExtra {
  caller?: Caller;
  authorization?: string;
  /** Counted among its caller's live connections (until it closes). */
  counted?: boolean;
  /** graphql-ws's own, for a connection over `ws`. */
  socket?: { close(code: number, reason: string): void };
}

/** The connection as a subscription sees it: its token looked up again (cached; forgotten when revoked). */
function liveConnection(extra: SocketExtra, auth: AuthService): LiveConnection {
  return {
    inForce: async () => {
      const then = extra.caller;
      const now = await auth.callerFromHeader(extra.authorization);
      return !!then && !!now && now.tokenId === then.tokenId && now.role === then.role && now.unitId === then.unitId;
    },
    close: (code, reason) => extra.socket?.close(code, reason),
  };
}

export function graphqlOptions(
  config: AppConfig,
  loaders: LoadersFactory,
  limits: CallerLimits,
  logger: Logger,
  auth: AuthService,
): Omit<ApolloDriverConfig, 'driver'> {
  const armor = new ApolloArmor({
    // The page-aware cost below replaces armor's (which cannot read `first` from variables).
    costLimit: { enabled: false },
    maxDepth: { n: config.maxQueryDepth, flattenFragments: true, ...refuseAs('QUERY_TOO_DEEP') },
    maxAliases: { n: config.maxAliases, ...refuseAs('QUERY_TOO_COSTLY') },
    maxDirectives: { n: config.maxDirectives, ...refuseAs('QUERY_TOO_COSTLY') },
    // graphql-js counts tokens as it parses (parseOptions below): one parse, stopped early.
    maxTokens: { enabled: false },
    // "Did you mean …" would spell out the schema that introspection hides.
    blockFieldSuggestion: { enabled: !config.isDevelopment },
  }).protect();
  /** Open graphql-ws connections by token, on this instance. */
  const liveCount = new Map<string, number>();
  return {
    path: '/graphql',
    autoSchemaFile: true, // schema.gql is written by `npm run schema`
    sortSchema: true,
    buildSchemaOptions: SCHEMA_OPTIONS,
    transformSchema: describeRootTypes,
    introspection: config.introspection,
    graphiql: config.isDevelopment,
    includeStacktraceInErrorResponses: config.isDevelopment,
    // Automatic persisted queries would keep documents for anyone who asks; clients send their documents.
    persistedQueries: false,
    parseOptions: { maxTokens: config.maxTokens },
    formatError: (formatted, error) => formatError(formatted, config.isDevelopment, error),
    // No cache hints: Apollo's cache-control plugin wrapped every field's resolver to collect them (~10 ms of a
    // 95-row table, bench/); its one effect here, `no-store`, is kept by a plugin of our own.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      // armor's plugins are typed against Apollo's CommonJS build; the objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin[]),
      queryCostPlugin(
        {
          maxCost: config.maxQueryCost,
          maxNodes: config.maxQueryNodes,
          defaultPageSize: 50,
          maxPageSize: config.maxPageSize,
        },
        limits,
      ),
      unexpectedErrorsLogged(logger),
    ],
    validationRules: armor.validationRules,
    // Subscriptions (graphql-ws on /graphql): a connection is accepted only with a token in force, as
    // `authorization: "Bearer …"` in its init payload; each subscription is then checked like any operation.
    subscriptions: {
      'graphql-ws': {
        // Each subscription runs in its caller's district (graphql-ws takes `subscribe` in place of graphql's; Nest's
        // types leave it out, Nest passes it on).
        ...({ subscribe: scopedSubscribe } as object),
        onConnect: async (ctx) => {
          const extra = ctx.extra as SocketExtra;
          const header = ctx.connectionParams?.authorization;
          const caller = typeof header === 'string' ? await auth.callerFromHeader(header) : null;
          if (!caller) return false;
          // One caller holds a bounded number of sockets (each costs the feed's filtering and a socket's memory).
          const held = liveCount.get(caller.tokenId) ?? 0;
          if (config.maxLiveConnectionsPerCaller > 0 && held >= config.maxLiveConnectionsPerCaller) {
            extra.socket?.close(4429, 'Too many connections');
            return false;
          }
          liveCount.set(caller.tokenId, held + 1);
          Object.assign(extra, { caller, authorization: header, counted: true });
          return true;
        },
        onClose: (ctx) => {
          const extra = ctx.extra as SocketExtra;
          if (!extra.counted || !extra.caller) return;
          extra.counted = false;
          const left = (liveCount.get(extra.caller.tokenId) ?? 1) - 1;
          if (left > 0) liveCount.set(extra.caller.tokenId, left);
          else liveCount.delete(extra.caller.tokenId);
        },
      },
    },
    // Over HTTP (Apollo's Fastify integration hands the request) the request gate authenticated the caller and
    // charged its budget before the body was read; over graphql-ws the connection's init payload named the caller.
    context: async (arg: FastifyRequest | { extra: SocketExtra }): Promise<RequestContext> =>
      'extra' in arg
        ? {
            req: null,
            caller: arg.extra.caller ?? null,
            loaders: loaders.create(),
            connection: liveConnection(arg.extra, auth),
          }
        : { req: arg, caller: callerOf(arg), loaders: loaders.create(), connection: null },
  };
}
