import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimitsRule } from './query-limits.js';
import { RateLimiter } from './rate-limiter.js';

const schema = buildSchema(`
  type Unit { name: String parent: Unit }
  type Issue { id: ID unit: Unit parent: Issue children(first: Int): [Issue] }
  type Query { issues(first: Int): [Issue] issue: Issue }
`);
const rule = queryLimitsRule({ maxDepth: 4, maxCost: 100, defaultPageSize: 50 });
const codes = (q: string) => validate(schema, parse(q), [...specifiedRules, rule]).map((e) => e.extensions.code);

describe('query limits', () => {
  it('lets ordinary queries through', () => {
    expect(codes('{ issues(first: 10) { id unit { name } } }')).toEqual([]);
  });

  it('refuses a query deeper than the limit, through fragments too', () => {
    expect(codes('{ issue { parent { parent { parent { id } } } } }')).toEqual(['QUERY_TOO_DEEP']);
    expect(codes('{ issue { ...P } } fragment P on Issue { parent { parent { parent { id } } } }')).toEqual(['QUERY_TOO_DEEP']);
  });

  it('multiplies by page sizes, the default one when `first` is a variable', () => {
    expect(codes('{ issues(first: 30) { id unit { name } children(first: 5) { id } } }')).toEqual(['QUERY_TOO_COSTLY']);
    expect(codes('query($n: Int) { issues(first: $n) { id unit { name } } }')).toEqual(['QUERY_TOO_COSTLY']);
  });
});

describe('rate limiter', () => {
  it('allows a burst, then the steady rate', () => {
    const limiter = new RateLimiter(2, 3);
    expect([0, 0, 0, 0].map(() => limiter.take('t', 1000))).toEqual([true, true, true, false]);
    expect(limiter.take('t', 1500)).toBe(true); // half a second earns one
    expect(limiter.take('t', 1500)).toBe(false);
    expect(limiter.take('other', 1500)).toBe(true);
  });

  it('is off at zero', () => {
    const limiter = new RateLimiter(0, 0);
    expect(Array.from({ length: 100 }, () => limiter.take('t')).every(Boolean)).toBe(true);
  });
});
