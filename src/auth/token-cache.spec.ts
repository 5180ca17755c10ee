import { describe, expect, it } from '@jest/globals';
import { TokenCache, tokenEntry } from './token-cache.js';
import type { TokenRow } from './tokens.repository.js';

const row = (id: string, expires: string | null = null): TokenRow => ({
  id,
  prefix: 'rct_abcdef',
  district_id: '00000000-0000-4000-8000-0000000000d1',
  role: 'OFFICE',
  unit_id: null,
  label: id,
  last_used_at: null,
  expires_at: expires ? new Date(expires) : null,
  screen: false,
});
const NOW = Date.parse('2026-03-02T02:00:00Z');

function liveCache(capacity = 10): TokenCache {
  const cache = new TokenCache(capacity);
  cache.goLive();
  return cache;
}

describe('TokenCache', () => {
  it('serves a kept row until invalidated', () => {
    const cache = liveCache();
    cache.set('h1', tokenEntry(row('a')), cache.generation);
    expect(cache.get('h1', NOW)?.row.id).toBe('a');
    cache.invalidate();
    expect(cache.get('h1', NOW)).toBeUndefined();
  });

  it('keeps and serves nothing until live, and nothing once dark', () => {
    const cache = new TokenCache(10);
    cache.set('h1', tokenEntry(row('a')), cache.generation);
    expect(cache.size).toBe(0);
    cache.goLive();
    cache.set('h1', tokenEntry(row('a')), cache.generation);
    cache.goDark();
    expect(cache.get('h1', NOW)).toBeUndefined();
    cache.goLive();
    expect(cache.get('h1', NOW)).toBeUndefined(); // what was announced while dark is unknown
  });

  it('drops a lookup that was in flight when something was announced', () => {
    const cache = liveCache();
    const before = cache.generation;
    cache.invalidate();
    cache.set('h1', tokenEntry(row('a')), before);
    expect(cache.get('h1', NOW)).toBeUndefined();
  });

  it('stops serving a token at its expiry', () => {
    const cache = liveCache();
    cache.set('h1', tokenEntry(row('a', '2026-03-02T03:00:00Z')), cache.generation);
    expect(cache.get('h1', Date.parse('2026-03-02T02:59:59.999Z'))?.row.id).toBe('a');
    expect(cache.get('h1', Date.parse('2026-03-02T03:00:00Z'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds at most its capacity, forgetting the oldest', () => {
    const cache = liveCache(2);
    for (const id of ['a', 'b', 'c']) cache.set(`h-${id}`, tokenEntry(row(id)), cache.generation);
    expect(cache.size).toBe(2);
    expect(cache.get('h-a', NOW)).toBeUndefined();
    expect(cache.get('h-c', NOW)?.row.id).toBe('c');
  });

  it('with capacity 0 keeps nothing', () => {
    const cache = liveCache(0);
    cache.set('h1', tokenEntry(row('a')), cache.generation);
    expect(cache.get('h1', NOW)).toBeUndefined();
    expect(cache.isLive).toBe(false);
  });
});
