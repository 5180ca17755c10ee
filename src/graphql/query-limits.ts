// Refuses documents that would be expensive to answer, before any resolver runs.
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /** Every field costs 1, multiplied by the page size (`first`) of the lists it sits in. */
  maxCost: number;
  defaultPageSize: number;
}

interface Measure {
  depth: number;
  cost: number;
}

function measure(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, limits: QueryLimits, seen: Set<string>): Measure {
  let depth = 0;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      const multiplier = firstArg?.value.kind === Kind.INT ? Math.max(1, Number(firstArg.value.value)) : firstArg ? limits.defaultPageSize : 1;
      const inner = sel.selectionSet ? measure(sel.selectionSet, fragments, limits, seen) : { depth: 0, cost: 0 };
      depth = Math.max(depth, 1 + inner.depth);
      cost += 1 + multiplier * inner.cost;
    } else {
      const fragmentSet =
        sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : seen.has(sel.name.value) ? null : fragments[sel.name.value]?.selectionSet;
      if (!fragmentSet) continue;
      const inner = measure(fragmentSet, fragments, limits, sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** A validation rule: QUERY_TOO_DEEP or QUERY_TOO_COSTLY. */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc) {
      const fragments = Object.fromEntries(
        doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
      );
      for (const def of doc.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const { depth, cost } = measure(def.selectionSet, fragments, limits, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`Query depth ${depth} exceeds ${limits.maxDepth}`, { extensions: { code: 'QUERY_TOO_DEEP' } }));
        } else if (cost > limits.maxCost) {
          context.reportError(new GraphQLError(`Query cost ${cost} exceeds ${limits.maxCost}`, { extensions: { code: 'QUERY_TOO_COSTLY' } }));
        }
      }
    },
  });
}
