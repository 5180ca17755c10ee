// What refusing a document of nested fragment spreads costs, next to parsing and validating it with graphql-js:
// `npm run build && node dist/bench/refusal-cost.js`. Each level's fragment spreads the one below twice, so a walk
// without a bound would double its work with each level; the cost walk stops at RECTIFY_MAX_QUERY_NODES.
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config/config.js';
import { pageCostEstimator } from '../src/graphql/query-cost.plugin.js';

const schema = buildSchema(readFileSync(new URL('../../schema.gql', import.meta.url), 'utf8'));
const config = loadConfig({});
const ms = (f: () => void, n = 200): number => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
};

for (const levels of [10, 20, 40]) {
  const defs = ['fragment F0 on Issue { id code title }'];
  for (let k = 1; k <= levels; k++) defs.push(`fragment F${k} on Issue { ...F${k - 1} ...F${k - 1} }`);
  const doc = `{ issues(first: 1) { edges { node { ...F${levels} } } } } ${defs.join(' ')}`;
  const parsed = parse(doc);
  const parsing = ms(() => parse(doc, { maxTokens: config.maxTokens }));
  const validating = ms(() => validate(schema, parsed, specifiedRules));
  const refusing = ms(() => {
    try {
      getComplexity({
        schema,
        query: parsed,
        variables: {},
        estimators: [pageCostEstimator(50, config.maxPageSize)],
        maxQueryNodes: config.maxQueryNodes,
      });
    } catch {
      // refused: what is timed
    }
  });
  console.log(
    `${levels} levels, ${doc.length} bytes: parse ${parsing.toFixed(3)} ms, graphql-js validation ${validating.toFixed(3)} ms, the cost walk to its refusal ${refusing.toFixed(3)} ms`,
  );
}
