// A second district (and the city) in a test's database, with an OFFICE token of its own: districts are tenants of
// one service (migration 1763900000042). Made city-wide (`rectify_add_district` refuses any other session).
import { displayPrefix, hashToken, newTokenSecret } from '../../src/auth/token-hash.js';
import { cityWide } from '../../src/tenancy/district-scope.js';
import pg from 'pg';
import type { TestApp } from './test-app.js';

export interface TestDistrict {
  id: string;
  name: string;
  /** An OFFICE token of the district's (or, for the city, a CITY_OFFICE token). */
  officeToken: string;
}

/** A token of `role` in `districtId`, written straight to the table (a district's first office token, the city's). */
export async function insertToken(t: TestApp, districtId: string, role: string, label: string): Promise<string> {
  const token = newTokenSecret();
  await cityWide(() =>
    t.db.query(`INSERT INTO api_tokens (token_hash, prefix, role, label, district_id) VALUES ($1, $2, $3, $4, $5)`, [
      hashToken(token),
      displayPrefix(token),
      role,
      label,
      districtId,
    ]),
  );
  return token;
}

export async function addDistrict(
  t: TestApp,
  name: string,
  code: string,
  kind: 'DISTRICT' | 'CITY' = 'DISTRICT',
): Promise<TestDistrict> {
  const [{ id }] = (await cityWide(() =>
    t.db.query(`SELECT rectify_add_district(NULL, $1, $2, $3) AS id`, [name, code, kind]),
  )) as { id: string }[];
  const officeToken = await insertToken(t, id, kind === 'CITY' ? 'CITY_OFFICE' : 'OFFICE', `${name}整改办`);
  return { id, name, officeToken };
}

/**
 * A raw session on the test's database that sees every district, as another program's session holding a row lock
 * would: row security hides every row from a session that names no district (`rectify.district`), so a lock taken
 * without it would lock nothing.
 */
export async function cityWideClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SELECT set_config('rectify.district', 'all', false)`);
  return client;
}
