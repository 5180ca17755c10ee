import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { pageCostEstimator } from './query-cost.plugin.js';

const schema = buildSchema(`
  type Unit { name: String code: String }
  type Issue { id: ID code: String leadUnit: Unit children: [Issue!]! }
  type Edge { node: Issue }
  type Connection { edges: [Edge!]! totalCount: Int }
  type Query { issues(first: Int = 50, after: String): Connection! me: Unit }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({
    schema,
    query: parse(query),
    variables,
    estimators: [pageCostEstimator(50, 200)],
    maxQueryNodes: 1_000,
  });

describe('page-aware cost', () => {
  it('counts each field once, times the page sizes it sits in', () => {
    // issues: 1 + 10 × (edges 1 + node (1 + id 1 + leadUnit (1 + name 1)))
    expect(cost(`{ issues(first: 10) { edges { node { id leadUnit { name } } } } }`)).toBe(1 + 10 * 5);
  });

  it('reads the page size from variables as from literals, and the schema default when absent', () => {
    const q = `query($n: Int) { issues(first: $n) { edges { node { id } } } }`;
    expect(cost(q, { n: 200 })).toBe(cost(`{ issues(first: 200) { edges { node { id } } } }`));
    expect(cost(`{ issues { edges { node { id } } } }`)).toBe(1 + 50 * 3);
  });

  it('counts a page past the maximum at the maximum (the page-size rule refuses it with its field named)', () => {
    expect(cost(`{ issues(first: 100000) { totalCount } }`)).toBe(1 + 200 * 1);
  });

  it('stops walking nested fragment spreads at the node cap instead of doubling its work with each level', () => {
    const defs = [`fragment F0 on Issue { id }`];
    for (let k = 1; k <= 40; k++) defs.push(`fragment F${k} on Issue { ...F${k - 1} ...F${k - 1} }`);
    const started = Date.now();
    expect(() => cost(`{ issues(first: 1) { edges { node { ...F40 } } } } ${defs.join(' ')}`)).toThrow(
      /maximum allowed number of nodes/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
