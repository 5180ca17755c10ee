// The page-aware cost of an operation, with its variables: refused past maxQueryCost (QUERY_TOO_COSTLY), then charged to
// the caller's cost budget (RATE_LIMITED past it). graphql-query-complexity walks the operation with the values the
// variables will have, so `first: $n` counts as much as `first: 200`; its node cap bounds the walk itself, so a
// document of nested fragment spreads is refused for about what parsing it cost.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { RequestContext } from '../common/request-context.js';
import type { CallerLimits } from '../limits/caller-limits.js';
import { callerKeyOf } from '../limits/request-gate.hook.js';
import { currentScope } from '../limits/request-scope.js';

export interface CostLimits {
  maxCost: number;
  /** Selections the walk may visit (fragment spreads walked again each time they are spread). */
  maxNodes: number;
  /** What `first` is when a list field's caller leaves it out and the schema gives no default. */
  defaultPageSize: number;
  /** A larger `first` is the page-size rule's to refuse (BAD_USER_INPUT naming it): counted at this size. */
  maxPageSize: number;
}

/**
 * Every field costs its weight (1, or the `complexity` its definition declares), plus what it holds times the page size
 * of a field with `first` (or `last`).
 */
export function pageCostEstimator(defaultPageSize: number, maxPageSize: number): ComplexityEstimator {
  return ({ args, childComplexity, field }) => {
    const paged = field.args.some((a) => a.name === 'first' || a.name === 'last');
    const size = Number(args.first ?? args.last ?? defaultPageSize);
    const pages = paged ? Math.min(maxPageSize, Math.max(1, Number.isFinite(size) ? size : defaultPageSize)) : 1;
    const weight = typeof field.extensions?.complexity === 'number' ? field.extensions.complexity : 1;
    return weight + pages * childComplexity;
  };
}

const NODE_CAP = 'Query exceeds the maximum allowed number of nodes.';

export function queryCostPlugin(limits: CostLimits, budgets: CallerLimits): ApolloServerPlugin<RequestContext> {
  const estimators = [pageCostEstimator(limits.defaultPageSize, limits.maxPageSize)];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue, operation }) {
          if (operation?.operation === 'mutation') {
            const scope = currentScope();
            if (scope) scope.kind = 'write';
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators,
              maxQueryNodes: limits.maxNodes,
            });
          } catch (e) {
            if (e instanceof GraphQLError && e.message === NODE_CAP)
              throw tooCostly(`The query has more than ${limits.maxNodes} fields in all`);
            // Variables that do not coerce: execution refuses them with BAD_USER_INPUT and runs nothing.
            return;
          }
          if (cost > limits.maxCost) throw tooCostly(`Query cost ${cost} exceeds ${limits.maxCost}`, cost);
          // (Apollo's plugins see HTTP requests only: a subscription's events run outside them, with no req)
          const refusal = contextValue.req ? await budgets.takeCost(callerKeyOf(contextValue.req), cost) : null;
          if (refusal) {
            throw new GraphQLError('This caller has spent its query budget for now; slow down', {
              extensions: {
                code: 'RATE_LIMITED',
                retryable: true,
                retryAfterSeconds: refusal.retryAfterSeconds,
                http: { status: 429, headers: new Map([['retry-after', String(refusal.retryAfterSeconds)]]) },
              },
            });
          }
        },
      };
    },
  };
}

function tooCostly(message: string, cost?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COSTLY', ...(cost === undefined ? {} : { cost }), http: { status: 400 } },
  });
}
