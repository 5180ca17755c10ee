import type { MigrationInterface, QueryRunner } from 'typeorm';

// Districts as tenants of one service (issue #28). Every table holding a district's data gains `district_id`, in
// every primary key, unique constraint, unique index and foreign key (so the schema can be distributed by district on
// Citus: a row and everything it references live on one shard), and PostgreSQL's row-level security enforces the
// district underneath the application's own checks:
//
// - `rectify.district` (a session or transaction setting) names the district a connection works for: a district's
//   id, `all` for city-wide callers and the service's own background work, unset or anything else for nothing. The
//   service sets it per connection checkout from the request's scope (src/limits/fair-pool.ts).
// - A policy on every tenant table (ENABLE and FORCE, so the owner that runs the service is bound too) lets a session
//   read and write its district's rows only: `district_id = rectify_current_district() OR rectify_city_wide()`, each
//   evaluated once per query (an InitPlan), so no row costs a function call: a uuid comparison.
// - `district_id` defaults to the session's district; a session that names none (or `all`) must name the column, or
//   the insert fails (rectify_session_district raises): a missing district is an error, never a silent default.
//
// The tables that are nobody's district: the official calendar (calendar_days, calendar_seeded_years: the State
// Council's holidays, the same for every district), the shared rate limits (keyed by token or address), the
// migrations' own table, and `districts` itself (names and 行政区划代码 are public). Everything else is a district's.
//
// Existing rows get the default district (the migration's one, 南川区, `DEFAULT_DISTRICT_ID`): a constant default
// fills them without rewriting a row. The keys are rebuilt with `district_id` last, so an index led by `id`, `code`
// or `token_hash` still serves lookups by that alone (a token is found before its district is known; a city-wide
// caller names no district), and the singletons (the projector's and planners' positions, the settings) become one
// row per district.

const DEFAULT_DISTRICT_ID = '00000000-0000-4000-8000-0000000000d1';
const GLOBAL_TABLES = ['districts', 'calendar_days', 'calendar_seeded_years', 'rate_limits', 'typeorm_migrations'];
/** Per-district settings and positions: a new district starts from a copy of the default district's rows. */
const SEEDED_PER_DISTRICT = [
  'figure_projection',
  'webhook_dispatch',
  'notification_dispatch',
  'notification_rules',
  'closure_policies',
  'eco_settings',
  'supervision_settings',
];

interface Constraint {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f';
  def: string;
}
interface UniqueIndex {
  table: string;
  name: string;
  def: string;
}

const tenantTablesSql = `
  SELECT c.relname AS name FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> ALL ($1::text[])
   ORDER BY c.relname`;

async function tenantTables(q: QueryRunner): Promise<string[]> {
  return ((await q.query(tenantTablesSql, [GLOBAL_TABLES])) as { name: string }[]).map((r) => r.name);
}

async function constraintsOf(q: QueryRunner, tables: string[]): Promise<Constraint[]> {
  return q.query(
    `SELECT k.conrelid::regclass::text AS "table", k.conname AS name, k.contype AS kind, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k
      WHERE k.conrelid = ANY (SELECT ('public.' || quote_ident(t))::regclass FROM unnest($1::text[]) t)
        AND k.contype IN ('p', 'u', 'f')
      ORDER BY k.contype, k.conname`,
    [tables],
  );
}

async function uniqueIndexesOf(q: QueryRunner, tables: string[]): Promise<UniqueIndex[]> {
  return q.query(
    `SELECT i.indrelid::regclass::text AS "table", i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY (SELECT ('public.' || quote_ident(t))::regclass FROM unnest($1::text[]) t)
        AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 2`,
    [tables],
  );
}

/** `PRIMARY KEY (a, b)` → `PRIMARY KEY (a, b, district_id)` (and UNIQUE), keeping what follows (INCLUDE, …). */
function keyWith(def: string): string {
  return def.replace(/^(PRIMARY KEY|UNIQUE) \(([^)]*)\)/, '$1 ($2, district_id)');
}
function keyWithout(def: string): string {
  return def.replace(/^(PRIMARY KEY|UNIQUE) \(([^)]*), district_id\)/, '$1 ($2)');
}

/** The column list of `CREATE UNIQUE INDEX … USING btree (…)`, which may hold parentheses of its own. */
function withIndexColumn(def: string, add: boolean): string {
  const open = def.indexOf('USING btree (');
  if (open < 0) throw new Error(`not a btree index: ${def}`);
  let depth = 0;
  let at = open + 'USING btree '.length;
  for (; at < def.length; at++) {
    if (def[at] === '(') depth++;
    else if (def[at] === ')' && --depth === 0) break;
  }
  const head = def.slice(0, at);
  if (add) return `${head}, district_id${def.slice(at)}`;
  if (!head.endsWith(', district_id')) throw new Error(`no district_id in ${def}`);
  return `${head.slice(0, -', district_id'.length)}${def.slice(at)}`;
}

const FK = /^FOREIGN KEY \(([^)]*)\) REFERENCES ([^(]+)\(([^)]*)\)(.*)$/s;

/** A foreign key between two tenant tables carries the district on both sides; one to a global table stays. */
function foreignKeyWith(def: string, tenant: Set<string>): string {
  const m = FK.exec(def);
  if (!m) throw new Error(`unexpected foreign key: ${def}`);
  if (!tenant.has(m[2].replace(/^public\./, ''))) return def;
  return `FOREIGN KEY (${m[1]}, district_id) REFERENCES ${m[2]}(${m[3]}, district_id)${m[4]}`;
}
function foreignKeyWithout(def: string): string {
  return def.replace(
    /^FOREIGN KEY \(([^)]*), district_id\) REFERENCES ([^(]+)\(([^)]*), district_id\)/s,
    'FOREIGN KEY ($1) REFERENCES $2($3)',
  );
}

/** The functions whose bodies name a key (ON CONFLICT) or empty a tenant table (TRUNCATE ignores row security). */
async function rewriteFunctions(q: QueryRunner, forward: boolean): Promise<void> {
  const fns: { oid: number; def: string }[] = await q.query(
    `SELECT p.oid, pg_get_functiondef(p.oid) AS def FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' AND p.proname LIKE 'rectify%'
        AND p.proname <> 'rectify_list_counts' AND (p.prosrc LIKE '%ON CONFLICT (%' OR p.prosrc LIKE '%TRUNCATE %')`,
  );
  for (const { def } of fns) {
    const next = forward
      ? def.replace(/ON CONFLICT \(([^()]*)\)/g, 'ON CONFLICT ($1, district_id)').replace(
          /TRUNCATE ([a-z_, ]+);/g,
          (_all, list: string) =>
            `${list
              .split(',')
              .map((t) => `DELETE FROM ${t.trim()}; `)
              .join('')}/* was TRUNCATE */`,
        )
      : def
          .replace(/ON CONFLICT \(([^()]*), district_id\)/g, 'ON CONFLICT ($1)')
          .replace(
            /((?:DELETE FROM [a-z_]+; )+)\/\* was TRUNCATE \*\//g,
            (_all, list: string) =>
              `TRUNCATE ${[...list.matchAll(/DELETE FROM ([a-z_]+);/g)].map((m) => m[1]).join(', ')};`,
          );
    if (next !== def) await q.query(next);
  }
}

/**
 * The fold's tail reads a problem's log after its head: `seq > head's seq` must be the log scan's index condition. With
 * row security's conditions on every table the planner joined the log to the problem first and the head after, so the
 * condition became a filter over the problem's whole log (a fold read 306 rows of a problem with 300 past ones, not 6).
 * A lateral scan after the head (OFFSET 0 keeps it from being flattened back into the join) fixes the order; and the
 * bound is a CASE, not COALESCE: beneath row security only a condition PostgreSQL knows cannot leak may be an index
 * condition, and it counts COALESCE among those that might (CASE and IS NULL it knows).
 */
const TAIL_JOIN = /JOIN issue_events e ON e\.issue_id = i_1\.id AND e\.seq > COALESCE\(h\.seq, '?-1'?(?:::integer)?\)/;
const TAIL_LATERAL =
  'CROSS JOIN LATERAL (SELECT * FROM issue_events e WHERE e.issue_id = i_1.id AND e.seq > CASE WHEN h.seq IS NULL THEN -1 ELSE h.seq END OFFSET 0) e';
const TAIL_LATERAL_READ = /CROSS JOIN LATERAL \( SELECT [^]*? OFFSET 0\) e/;

async function tailAfterHead(q: QueryRunner, forward: boolean): Promise<void> {
  const [{ def }] = (await q.query(`SELECT pg_get_viewdef('figure_tail_facts'::regclass, true) AS def`)) as {
    def: string;
  }[];
  const from = forward ? TAIL_JOIN : TAIL_LATERAL_READ;
  if (!from.test(def)) throw new Error(`figure_tail_facts: the log's join not found in ${def}`);
  const to = forward ? TAIL_LATERAL : 'JOIN issue_events e ON e.issue_id = i_1.id AND e.seq > COALESCE(h.seq, -1)';
  await q.query(`CREATE OR REPLACE VIEW figure_tail_facts AS ${def.replace(from, to)}`);
}

export class Districts1763900000042 implements MigrationInterface {
  name = 'Districts1763900000042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE districts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
        code text UNIQUE CHECK (code ~ '^[0-9]{6}$'),
        kind text NOT NULL DEFAULT 'DISTRICT' CHECK (kind IN ('DISTRICT', 'CITY')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX districts_one_city ON districts (kind) WHERE kind = 'CITY'`);
    await q.query(
      `COMMENT ON TABLE districts IS 'Tenants: each district''s office, units and problems see only their own rows (row security on rectify.district); the CITY row holds the city''s tokens'`,
    );
    await q.query(`INSERT INTO districts (id, name, code, created_at) VALUES ($1, '南川区', '500119', now())`, [
      DEFAULT_DISTRICT_ID,
    ]);

    // The session's district for a new row, or an error: never a silent default.
    await q.query(`
      CREATE FUNCTION rectify_session_district() RETURNS uuid LANGUAGE plpgsql STABLE AS $$
      DECLARE s text := coalesce(current_setting('rectify.district', true), '');
      BEGIN
        IF s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN RETURN s::uuid; END IF;
        RAISE EXCEPTION 'no district for a new row: rectify.district is %', CASE WHEN s = '' THEN 'unset' ELSE quote_literal(s) END
          USING ERRCODE = 'not_null_violation',
                HINT = 'name district_id, or set rectify.district to the district''s id';
      END $$`);
    // What a session may see: its district (rectify_current_district, null for any other value) or, city-wide, every
    // district. Each is called once per query (an InitPlan in the policy) and compared per row as a plain uuid
    // equality: `district_id = ANY (<array>)` cost 60 ms more per 100,000 rows scanned (a text search's count).
    await q.query(`
      CREATE FUNCTION rectify_current_district() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid END
          FROM coalesce(current_setting('rectify.district', true), '') s $$`);
    await q.query(`
      CREATE FUNCTION rectify_city_wide() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('rectify.district', true), '') = 'all' $$`);

    const tables = await tenantTables(q);
    const tenant = new Set(tables);
    const constraints = await constraintsOf(q, tables);
    const indexes = await uniqueIndexesOf(q, tables);

    for (const t of tables) {
      // A constant default: existing rows read it without a rewrite. Then the session's district for new rows.
      await q.query(
        `ALTER TABLE ${t} ADD COLUMN district_id uuid NOT NULL DEFAULT '${DEFAULT_DISTRICT_ID}' REFERENCES districts (id)`,
      );
      await q.query(`ALTER TABLE ${t} ALTER COLUMN district_id SET DEFAULT rectify_session_district()`);
    }
    for (const k of constraints.filter((c) => c.kind === 'f'))
      await q.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
    for (const k of constraints.filter((c) => c.kind !== 'f')) {
      await q.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
      await q.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${keyWith(k.def)}`);
    }
    for (const i of indexes) {
      await q.query(`DROP INDEX ${i.name}`);
      await q.query(withIndexColumn(i.def, true));
    }
    for (const k of constraints.filter((c) => c.kind === 'f'))
      await q.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${foreignKeyWith(k.def, tenant)}`);

    for (const t of tables) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY rectify_district ON ${t}
          USING (district_id = (SELECT rectify_current_district()) OR (SELECT rectify_city_wide()))
          WITH CHECK (district_id = (SELECT rectify_current_district()) OR (SELECT rectify_city_wide()))`);
    }
    await rewriteFunctions(q, true);
    await tailAfterHead(q, true);
    // The new column has no statistics until analysed, and the planner then takes the policy's condition for a rare
    // one (0.5% of rows): it chose a full scan and a sort over the list's index for a text search (596 ms instead of
    // 6 ms on 100,000 problems). Analysed, it knows one district holds every row.
    for (const t of tables) await q.query(`ANALYZE ${t}`);

    // A new district (a city-wide session only): its row, and its own copy of the default district's settings and
    // positions.
    await q.query(
      `
      CREATE FUNCTION rectify_add_district(new_id uuid, new_name text, new_code text, new_kind text DEFAULT 'DISTRICT')
        RETURNS uuid LANGUAGE plpgsql AS $$
      DECLARE t text; cols text;
      BEGIN
        IF current_setting('rectify.district', true) IS DISTINCT FROM 'all' THEN
          RAISE EXCEPTION 'a district is added by a city-wide session (rectify.district = all)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO districts (id, name, code, kind) VALUES (coalesce(new_id, gen_random_uuid()), new_name, new_code, new_kind)
          RETURNING id INTO new_id;
        FOREACH t IN ARRAY $1::text[] LOOP
          SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
           WHERE attrelid = ('public.' || t)::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'district_id';
          EXECUTE format('INSERT INTO %I (district_id, %s) SELECT $1, %s FROM %I WHERE district_id = $2', t, cols, cols, t)
            USING new_id, '${DEFAULT_DISTRICT_ID}'::uuid;
        END LOOP;
        RETURN new_id;
      END $$`.replace('$1::text[]', `ARRAY[${SEEDED_PER_DISTRICT.map((t) => `'${t}'`).join(', ')}]`),
    );
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check`);
    await q.query(
      `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM api_tokens WHERE role LIKE 'CITY%'`);
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check`);
    await q.query(
      `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('OFFICE', 'UNIT', 'LEADER'))`,
    );
    await q.query(`DROP FUNCTION rectify_add_district(uuid, text, text, text)`);
    // Only a deployment of one district can go back to a schema without districts.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM districts`)) as { n: number }[];
    if (n > 1)
      throw new Error(`${n} districts (or a city) are on file: only a single district's data can be migrated down`);
    const tables = await tenantTables(q);
    for (const t of tables) {
      await q.query(`DROP POLICY rectify_district ON ${t}`);
      await q.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    await rewriteFunctions(q, false);
    await tailAfterHead(q, false);
    const constraints = (await constraintsOf(q, tables)).filter((c) => !c.def.includes('REFERENCES districts'));
    const indexes = await uniqueIndexesOf(q, tables);
    for (const k of constraints.filter((c) => c.kind === 'f'))
      await q.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
    for (const k of constraints.filter((c) => c.kind !== 'f')) {
      await q.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
      await q.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${keyWithout(k.def)}`);
    }
    for (const i of indexes) {
      await q.query(`DROP INDEX ${i.name}`);
      await q.query(withIndexColumn(i.def, false));
    }
    for (const k of constraints.filter((c) => c.kind === 'f'))
      await q.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${foreignKeyWithout(k.def)}`);
    for (const t of tables) await q.query(`ALTER TABLE ${t} DROP COLUMN district_id`);
    await q.query(`DROP FUNCTION rectify_city_wide()`);
    await q.query(`DROP FUNCTION rectify_current_district()`);
    await q.query(`DROP FUNCTION rectify_session_district()`);
    await q.query(`DROP TABLE districts`);
  }
}
