// Code-first builds the root types from the resolvers' @Query and @Mutation fields, and their options take no
// description of the types themselves: they are given here, to the schema the service serves (graphql-options.ts) and
// to the one schema.gql is printed from (print-schema.ts).
import type { GraphQLSchema } from 'graphql';

export const ROOT_TYPE_DESCRIPTIONS = {
  Query:
    'What a caller may read: the problem list (问题清单), the tables (周通报, 生态报表, 一单一表), units, tokens and ' +
    'the working-day calendar',
  Mutation:
    'What a caller may change: a problem’s life, one audited event per mutation, and the eco-report (生态报表), ' +
    'units, tokens, webhooks and the calendar',
  Subscription:
    'What a caller is told as it happens, over graphql-ws on /graphql: the events of the problems it follows',
} as const;

/** Describes the schema's root types, in place; returns the schema. */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = ROOT_TYPE_DESCRIPTIONS.Query;
  if (mutation) mutation.description = ROOT_TYPE_DESCRIPTIONS.Mutation;
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = ROOT_TYPE_DESCRIPTIONS.Subscription;
  return schema;
}
