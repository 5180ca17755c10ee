// Whether a query asked for a field of its result, so that costly fields (a count over a million rows) are computed only
// when a client selects them.
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && inSet(node.selectionSet, field, info));
}

function inSet(set: SelectionSetNode, field: string, info: GraphQLResolveInfo): boolean {
  return set.selections.some((s) => {
    if (s.kind === 'Field') return s.name.value === field;
    if (s.kind === 'InlineFragment') return inSet(s.selectionSet, field, info);
    const fragment = info.fragments[s.name.value];
    return fragment !== undefined && inSet(fragment.selectionSet, field, info);
  });
}
