// Districts are kept apart by PostgreSQL underneath the application (migration 1763900000042): a query that forgets
// its district filter still reads nothing of another district, a session with no district reads nothing at all, and
// the schema keeps the district in every key, so it can be distributed by district on Citus without redesign.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { assign, createUnitWithToken, fileIssue } from '../factories/factories.js';
import { addDistrict, type TestDistrict } from '../support/districts.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const DEFAULT_DISTRICT = '00000000-0000-4000-8000-0000000000d1';
/** Nobody's district: the official calendar, the shared rate limits, the migrations' own table, the districts. */
const GLOBAL = ['calendar_days', 'calendar_seeded_years', 'districts', 'rate_limits', 'typeorm_migrations'];

/** A connection as the service's own role (the tables' owner: FORCE binds it), with `setting` or none. */
async function session(t: TestApp, setting: string | null): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  if (setting !== null) await client.query(`SELECT set_config('rectify.district', $1, false)`, [setting]);
  return client;
}

async function tenantTables(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
        AND relname <> ALL ($1::text[]) ORDER BY 1`,
    [GLOBAL],
  );
  return rows.map((r) => r.name);
}

describe('row-level security underneath the application', () => {
  let t: TestApp;
  let other: TestDistrict;

  beforeAll(async () => {
    t = await createTestApp();
    other = await addDistrict(t, '南岸区', '500108');
    // Each district: a unit, its token, a problem assigned to it (the log, the list's counts, former holders, …).
    const a = await createUnitWithToken(t, { name: '水江镇' });
    await assign(t, (await fileIssue(t)).id, a.id);
    const unit = await t.ok<{ createUnit: { id: string } }>(
      other.officeToken,
      `mutation { createUnit(code: "NA-1", name: "南坪街道", kind: STREET) { id } }`,
    );
    const filed = await t.ok<{ fileIssue: { id: string } }>(
      other.officeToken,
      `mutation { fileIssue(input: { source: SELF_INSPECTION, title: "夜间施工噪声", description: "工地夜间施工", category: OTHER }) { id } }`,
    );
    await t.ok(
      other.officeToken,
      `mutation($id: ID!, $u: ID!, $d: DateTime!) { assignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $d }) { id } }`,
      {
        id: filed.fileIssue.id,
        u: unit.createUnit.id,
        d: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
      },
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('both districts have rows in the tables a problem writes', async () => {
    const c = await session(t, 'all');
    try {
      const { rows } = await c.query<{ district_id: string; n: number }>(
        `SELECT district_id, count(*)::int AS n FROM issues GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { district_id: DEFAULT_DISTRICT, n: 1 },
          { district_id: other.id, n: 1 },
        ]),
      );
    } finally {
      await c.end();
    }
  });

  it('a session of one district reads none of another district’s rows, in any table, with no filter of its own', async () => {
    const c = await session(t, DEFAULT_DISTRICT);
    try {
      const leaks: string[] = [];
      let seen = 0;
      for (const table of await tenantTables(c)) {
        const { rows } = await c.query<{ other: number; mine: number }>(
          `SELECT count(*) FILTER (WHERE district_id <> $1)::int AS other, count(*)::int AS mine FROM ${table}`,
          [DEFAULT_DISTRICT],
        );
        if (rows[0].other > 0) leaks.push(`${table}: ${rows[0].other}`);
        seen += rows[0].mine;
      }
      expect(leaks).toEqual([]);
      expect(seen).toBeGreaterThan(0);
      // The problem of the other district is not found by its id either: exactly like a missing id.
      const { rows } = await c.query(`SELECT id FROM issues WHERE title = '夜间施工噪声'`);
      expect(rows).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('the other district reads its own and none of the first', async () => {
    const c = await session(t, other.id);
    try {
      const { rows } = await c.query<{ title: string; district_id: string }>(`SELECT title, district_id FROM issues`);
      expect(rows).toEqual([{ title: '夜间施工噪声', district_id: other.id }]);
      const units = await c.query<{ name: string }>(`SELECT name FROM units`);
      expect(units.rows.map((r) => r.name)).toEqual(['南坪街道']);
    } finally {
      await c.end();
    }
  });

  it('a session with no district reads nothing at all, and one with an unknown value nothing either', async () => {
    for (const setting of [null, '', 'none', '00000000-0000-4000-8000-00000000beef', "all' OR true --"]) {
      const c = await session(t, setting);
      try {
        const nonEmpty: string[] = [];
        for (const table of await tenantTables(c)) {
          const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
          if (rows[0].n > 0) nonEmpty.push(`${table}: ${rows[0].n}`);
        }
        expect({ setting, nonEmpty }).toEqual({ setting, nonEmpty: [] });
      } finally {
        await c.end();
      }
    }
  });

  it('an insert takes the session’s district; with none (or city-wide) it fails instead of defaulting', async () => {
    const c = await session(t, other.id);
    try {
      const { rows } = await c.query<{ district_id: string }>(
        `INSERT INTO units (code, name, kind) VALUES ('NA-2', '南坪镇', 'TOWN') RETURNING district_id`,
      );
      expect(rows[0].district_id).toBe(other.id);
      // Writing a row of another district is refused by the policy's check.
      await expect(
        c.query(`INSERT INTO units (code, name, kind, district_id) VALUES ('NA-3', '某镇', 'TOWN', $1)`, [
          DEFAULT_DISTRICT,
        ]),
      ).rejects.toThrow(/row-level security/);
      // …and so is moving one there.
      await expect(
        c.query(`UPDATE units SET district_id = $1 WHERE code = 'NA-2'`, [DEFAULT_DISTRICT]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await c.end();
    }
    for (const setting of [null, 'all']) {
      const c2 = await session(t, setting);
      try {
        await expect(c2.query(`INSERT INTO units (code, name, kind) VALUES ('X-1', '某镇', 'TOWN')`)).rejects.toThrow(
          /no district for a new row/,
        );
      } finally {
        await c2.end();
      }
    }
  });

  it('a district’s rebuild of its derived tables leaves the other district’s rows (no TRUNCATE)', async () => {
    const c = await session(t, DEFAULT_DISTRICT);
    try {
      // The rebuilds emptied their tables with TRUNCATE, which row security does not bound: now DELETE.
      await c.query(`SELECT rectify_derived_rebuild()`);
    } finally {
      await c.end();
    }
    const all = await session(t, 'all');
    try {
      const { rows } = await all.query<{ district_id: string }>(
        `SELECT DISTINCT district_id FROM issue_list_counts UNION SELECT district_id FROM issue_list_count_changes`,
      );
      expect(rows.map((r) => r.district_id).sort()).toEqual([DEFAULT_DISTRICT, other.id].sort());
    } finally {
      await all.end();
    }
  });

  it('the service’s own queries run in the caller’s district: the other district’s office lists only its own', async () => {
    const mine = await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, `{ issues { totalCount } }`);
    const theirs = await t.ok<{ issues: { totalCount: number } }>(other.officeToken, `{ issues { totalCount } }`);
    expect([mine.issues.totalCount, theirs.issues.totalCount]).toEqual([1, 1]);
  });
});

describe('the schema, ready to distribute by district (Citus)', () => {
  let t: TestApp;
  let c: pg.Client;

  beforeAll(async () => {
    t = await createTestApp();
    c = await session(t, null);
  });

  afterAll(async () => {
    await c?.end();
    await t?.close();
  });

  it('every table is global by name or a tenant table: district_id NOT NULL, row security enabled and forced, a policy', async () => {
    const { rows } = await c.query<{ name: string; col: boolean; enabled: boolean; forced: boolean; policies: number }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'district_id' AND a.attnotnull) AS col,
              c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const offenders = rows
      .filter((r) => !GLOBAL.includes(r.name))
      .filter((r) => !(r.col && r.enabled && r.forced && r.policies > 0))
      .map((r) => `${r.name}: district_id ${r.col}, enabled ${r.enabled}, forced ${r.forced}, policies ${r.policies}`);
    expect(offenders).toEqual([]);
    expect(rows.filter((r) => !GLOBAL.includes(r.name)).length).toBeGreaterThan(35);
  });

  it('every view reads as its reader (security_invoker): its owner may bypass row security, the reader may not', async () => {
    // The embedded database migrates as a superuser and serves as an ordinary role: a view read with its owner's
    // rights would show every district's rows (the list's totalCount counted them all before migration 46).
    const { rows } = await c.query<{ name: string; invoker: boolean }>(
      `SELECT relname AS name, coalesce('security_invoker=true' = ANY (reloptions), false) AS invoker
         FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm') ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.invoker).map((r) => r.name)).toEqual([]);
    const mine = await session(t, DEFAULT_DISTRICT);
    try {
      for (const { name } of rows) {
        const columns = await mine.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'district_id'`,
          [name],
        );
        if (columns.rowCount === 0) continue;
        const other = await mine.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${name} WHERE district_id <> $1`,
          [DEFAULT_DISTRICT],
        );
        expect([name, other.rows[0].n]).toEqual([name, 0]);
      }
    } finally {
      await mine.end();
    }
  });

  it('every primary key, unique constraint and unique index of a tenant table includes district_id', async () => {
    const tenant = await tenantTables(c);
    const { rows } = await c.query<{ owner: string; name: string; def: string; has: boolean }>(
      `SELECT i.indrelid::regclass::text AS owner, i.indexrelid::regclass::text AS name,
              pg_get_indexdef(i.indexrelid) AS def,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = 'district_id'
                        AND a.attnum = ANY (i.indkey::int2[])) AS has
         FROM pg_index i WHERE i.indisunique AND i.indrelid = ANY (SELECT ('public.' || t)::regclass FROM unnest($1::text[]) t)`,
      [tenant],
    );
    const offenders = rows.filter((r) => !r.has).map((r) => `${r.owner}.${r.name}: ${r.def}`);
    expect(offenders).toEqual([]);
    // (every PRIMARY KEY and UNIQUE constraint has its unique index, so the walk above covers them; checked too)
    const keys = await c.query<{ name: string; def: string }>(
      `SELECT k.conrelid::regclass || '.' || k.conname AS name, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k
        WHERE k.contype IN ('p', 'u') AND k.conrelid = ANY (SELECT ('public.' || t)::regclass FROM unnest($1::text[]) t)
          AND NOT (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attname = 'district_id') = ANY (k.conkey)`,
      [tenant],
    );
    expect(keys.rows.map((r) => `${r.name}: ${r.def}`)).toEqual([]);
    expect(rows.length).toBeGreaterThan(40);
  });

  it('every foreign key between tenant tables includes district_id on both sides, matched to each other; none leaves a global table for a tenant one', async () => {
    const tenant = new Set(await tenantTables(c));
    const { rows } = await c.query<{ owner: string; target: string; name: string; def: string; paired: boolean }>(
      `SELECT k.conrelid::regclass::text AS owner, k.confrelid::regclass::text AS target, k.conname AS name,
              pg_get_constraintdef(k.oid) AS def,
              EXISTS (SELECT 1 FROM unnest(k.conkey, k.confkey) AS p(own, ref)
                       WHERE p.own = (SELECT attnum FROM pg_attribute WHERE attrelid = k.conrelid AND attname = 'district_id')
                         AND p.ref = (SELECT attnum FROM pg_attribute WHERE attrelid = k.confrelid AND attname = 'district_id')) AS paired
         FROM pg_constraint k WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`,
    );
    const offenders = rows
      .filter((r) => {
        const fromTenant = tenant.has(r.owner);
        const toTenant = tenant.has(r.target);
        if (fromTenant && toTenant) return !r.paired;
        // a tenant table may reference a reference table (districts, the calendar); a global table no tenant one
        return !fromTenant && toTenant;
      })
      .map((r) => `${r.owner}.${r.name}: ${r.def}`);
    expect(offenders).toEqual([]);
    expect(rows.filter((r) => tenant.has(r.owner) && tenant.has(r.target)).length).toBeGreaterThan(40);
  });
});
