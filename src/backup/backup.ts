// A consistent logical backup of every table, in the service's own format: the embedded server is PostgreSQL 18
// and the machine's pg_dump may be older (pg_dump refuses newer servers), so the data goes through COPY, which
// every server version speaks. One gzip file: a header line, then each table's COPY text ending in "\.".
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

const MAGIC = 'RECTIFY-BACKUP 1';
/** Not backed up: the migrations' own record, and what a restore rebuilds from the log and the problems. */
const SKIP = new Set([
  'typeorm_migrations',
  'figure_bookings',
  'figure_days',
  'figure_batch_sums',
  'figure_heads',
  'figure_projection',
  'issue_list_counts',
  'issue_list_count_changes',
]);

export interface BackupHeader {
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: string[] }[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables in an order that satisfies foreign keys between tables (references within a table are deferrable). */
async function tablesInOrder(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    )
  ).rows
    .map((r) => r.name)
    .filter((n) => !SKIP.has(n));
  const deps = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
    )
  ).rows;
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.filter((x) => x.child === t)) visit(d.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  const result = [];
  for (const name of ordered.filter((t) => tables.includes(t))) {
    const columns = (
      await client.query<{ column: string }>(
        `SELECT attname AS column FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [quote(name)],
      )
    ).rows.map((r) => r.column);
    result.push({ name, columns });
  }
  return result;
}

/** Writes a backup of the database `client` is connected to, as of one snapshot. */
export async function backup(client: pg.Client, out: Writable): Promise<BackupHeader> {
  const gzip = createGzip();
  const done = pipeline(gzip, out);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // Every district's rows (row security reads the setting; a backup is the whole database's).
    await client.query(`SELECT set_config('rectify.district', 'all', true)`);
    const migrations = (
      await client.query<{ name: string }>(`SELECT name FROM typeorm_migrations ORDER BY id`)
    ).rows.map((r) => r.name);
    const header: BackupHeader = {
      createdAt: new Date().toISOString(),
      migrations,
      tables: await tablesInOrder(client),
    };
    gzip.write(`${MAGIC}\n${JSON.stringify(header)}\n`);
    for (const table of header.tables) {
      const source = client.query(
        copyTo(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) TO STDOUT`),
      );
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (!gzip.write(chunk)) await once(gzip, 'drain');
      }
      gzip.write('\\.\n');
    }
    await client.query('COMMIT');
    gzip.end();
    await done;
    return header;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    gzip.destroy();
    throw e;
  }
}

export class RestoreError extends Error {}

/** Every district (and the city's row), in the restoring transaction. */
async function districtIds(client: pg.Client): Promise<string[]> {
  return (await client.query<{ id: string }>(`SELECT id FROM districts ORDER BY created_at, id`)).rows.map((r) => r.id);
}

/** `fn` with the transaction working for one district, then city-wide again. */
async function asDistrict<T>(client: pg.Client, district: string, fn: () => Promise<T>): Promise<T> {
  await client.query(`SELECT set_config('rectify.district', $1, true)`, [district]);
  try {
    return await fn();
  } finally {
    await client.query(`SELECT set_config('rectify.district', 'all', true)`);
  }
}

/**
 * Loads a backup into `client`'s database, which must be migrated to (at least) the backup's migrations and hold no
 * units or problems yet. One transaction: all of it or nothing.
 */
export async function restore(client: pg.Client, input: Readable): Promise<BackupHeader> {
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new RestoreError('The backup ends early');
    return r.value;
  };
  if ((await next()) !== MAGIC) throw new RestoreError('Not a Rectify backup');
  const header = JSON.parse(await next()) as BackupHeader;
  const applied = (await client.query<{ name: string }>(`SELECT name FROM typeorm_migrations ORDER BY id`)).rows.map(
    (r) => r.name,
  );
  if (header.migrations.some((m, i) => applied[i] !== m)) {
    throw new RestoreError(
      `The backup was made at migrations ${header.migrations.join(', ')}; this database has ${applied.join(', ')}`,
    );
  }
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('rectify.district', 'all', true)`);
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    const [{ n }] = (
      await client.query<{ n: number }>(`SELECT (SELECT count(*) FROM issues) + (SELECT count(*) FROM units) AS n`)
    ).rows;
    if (Number(n) > 0)
      throw new RestoreError('This database already holds units or problems: restore into a fresh one');
    // What remains was seeded by migrations or at start (the official calendar, default settings): the backup's own
    // rows replace it. Children first, so foreign keys hold.
    // (the districts stay: the derived tables, not in a backup, hang on them; the backup's are merged in below)
    for (const table of [...header.tables].reverse())
      if (table.name !== 'districts') await client.query(`DELETE FROM ${quote(table.name)}`);
    const guarded = new Set(
      (
        await client.query<{ name: string }>(
          `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relrowsecurity`,
        )
      ).rows.map((r) => r.name),
    );
    for (const table of header.tables) {
      const columns = table.columns.map(quote).join(', ');
      // COPY FROM refuses a table under row security: those go through a temporary table and an INSERT (checked by
      // the policy, city-wide here).
      const merged = table.name === 'districts';
      const staged = guarded.has(table.name) || merged ? quote(`restore_${table.name}`) : null;
      if (staged)
        await client.query(`CREATE TEMP TABLE ${staged} (LIKE ${quote(table.name)} INCLUDING DEFAULTS) ON COMMIT DROP`);
      const sink = client.query(copyFrom(`COPY ${staged ?? quote(table.name)} (${columns}) FROM STDIN`));
      for (let line = await next(); line !== '\\.'; line = await next()) {
        if (!sink.write(`${line}\n`)) await once(sink, 'drain');
      }
      sink.end();
      await once(sink, 'finish');
      if (merged)
        await client.query(
          `INSERT INTO districts (${columns}) SELECT ${columns} FROM ${staged}
           ON CONFLICT (id) DO UPDATE SET (${columns}) = ROW(${table.columns.map((c) => `EXCLUDED.${quote(c)}`).join(', ')})`,
        );
      else if (staged)
        // District by district, in its own setting: what the triggers write takes the district from it.
        for (const district of await districtIds(client))
          await asDistrict(client, district, () =>
            client.query(
              `INSERT INTO ${quote(table.name)} (${columns}) OVERRIDING SYSTEM VALUE
               SELECT ${columns} FROM ${staged} WHERE district_id = $1`,
              [district],
            ),
          );
    }
    // What is derived from the log and the problems is rebuilt whole, set-based.
    for (const district of await districtIds(client))
      await asDistrict(client, district, () => client.query('SELECT rectify_derived_rebuild()'));
    // Webhooks and notifications are announced from here on: the restored log was announced where it was written (a transaction id of
    // another server means nothing here).
    await client.query('UPDATE webhook_dispatch SET planned_below = pg_current_xact_id()');
    await client.query('UPDATE notification_dispatch SET planned_below = pg_current_xact_id()');
    // Identity columns continue after the restored rows.
    for (const { table, column } of (
      await client.query<{ table: string; column: string }>(
        `SELECT c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.attidentity <> ''`,
      )
    ).rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
        [quote(table), column],
      );
    }
    await client.query('COMMIT');
    return header;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
