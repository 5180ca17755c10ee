// Which district a connection works for: the `rectify.district` setting that row-level security reads (migration
// 1763900000042). A request runs in its caller's district (a district token), city-wide (`all`: the city's roles, and
// the service's own work outside any request), or in the public page's district (anonymous); the pool sets it on each
// checkout (src/limits/fair-pool.ts). Background work that writes for a district runs once per district, in that
// district's setting, so the rows it inserts take their district from the column's default and it reads only that
// district's rows.
import type { DataSource } from 'typeorm';
import { currentScope, runInScope, type RequestScope } from '../limits/request-scope.js';

/** The district migration 1763900000042 created and gave every existing row: a single-district deployment's one. */
export const DEFAULT_DISTRICT_ID = '00000000-0000-4000-8000-0000000000d1';

/** Every district: city-wide callers and the service's own rounds. */
export const CITY_WIDE = 'all';

/** No district: a session that reads nothing and may insert nothing. */
export const NO_DISTRICT = '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The setting's value, checked: a district's id, `all`, or '' — nothing else ever reaches the database. */
export function districtSetting(value: string | null | undefined): string {
  if (value === CITY_WIDE) return CITY_WIDE;
  if (value && UUID.test(value)) return value.toLowerCase();
  return NO_DISTRICT;
}

const BACKGROUND: RequestScope = { callerKey: null, kind: 'background', connections: null, district: CITY_WIDE };

/** Runs `fn` city-wide (the service's own reads across districts: the token lookup, the live feed, the district list). */
export function cityWide<T>(fn: () => T): T {
  return runInScope({ ...(currentScope() ?? BACKGROUND), district: CITY_WIDE }, fn);
}

/** Runs `fn` in one district's setting, keeping the rest of the current scope (or background work's). */
export function inDistrict<T>(districtId: string, fn: () => T): T {
  return runInScope({ ...(currentScope() ?? BACKGROUND), district: districtSetting(districtId) }, fn);
}

/** The districts (not the city's own row), oldest first. */
export async function districtIds(db: DataSource): Promise<string[]> {
  const rows = (await cityWide(() =>
    db.query(`SELECT id FROM districts WHERE kind = 'DISTRICT' ORDER BY created_at, id`),
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Runs `fn` once per district, each in its district's setting. One district's failure does not keep the others from
 * their turn: the first failure is thrown once every district has had it.
 */
export async function eachDistrict<T>(db: DataSource, fn: (districtId: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let failure: unknown = null;
  for (const id of await districtIds(db)) {
    try {
      results.push(await inDistrict(id, () => fn(id)));
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure !== null) throw failure;
  return results;
}

/**
 * `fn` for the district the current scope works for — or, when it works for none in particular (city-wide: the beat,
 * a test calling a round by hand), once per district, each in its own setting. Background work that writes for a
 * district goes through here, so the rows it inserts take their district from the session.
 */
export async function perDistrict<T>(db: DataSource, fn: () => Promise<T>): Promise<T[]> {
  const scope = currentScope();
  const district = scope ? districtSetting(scope.district) : CITY_WIDE;
  if (district !== CITY_WIDE && district !== NO_DISTRICT) return [await fn()];
  return eachDistrict(db, () => fn());
}
