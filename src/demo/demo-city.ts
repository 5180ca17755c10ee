// npm run seed:demo -- --city: a demo city — 重庆市 (the CITY row) and its 38 districts and counties by their names and
// 行政区划代码 (the city's outline, src/dashboard/district-outline.ts), each with its units, a few thousand problems
// and their whole log, and tokens for the city's office and leader and each district's office.
//
// The single-district demo files its 300 problems one by one through the service; a city's ~90,000 would take an
// hour that way. Here each problem's life comes from stepping the real machine (bench/life.ts, as the bench's
// generator: the log replays to the stored row), and a district's problems and events are loaded in bulk, by COPY into
// a temporary table and one INSERT … SELECT into the real one — in a session working for that district, so every row
// takes its district from the session and row security checks it, and the tables' own triggers (the list's counts, the
// problems' births) run as for the service's rows. The derived tables (the figures' heads and bookings) are then built
// from the log for each district, as after a restore.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EVENT_COPY_COLUMNS, ISSUE_COPY_COLUMNS, LifeGenerator, type LifeUnit } from '../../bench/life.js';
import { displayPrefix, hashToken, newTokenSecret } from '../auth/token-hash.js';
import { officialCalendar } from '../calendar/official-calendar.js';
import type { AppConfig } from '../config/config.js';
import { chongqingDistricts } from '../dashboard/district-outline.js';
import type { Sender } from '../issues/transition.service.js';
import { SWEEPER } from '../scheduler/deadline-sweep.service.js';
import { CITY_WIDE, DEFAULT_DISTRICT_ID, districtSetting } from '../tenancy/district-scope.js';
import { DEMO_UNITS } from './demo-data.js';

const DAY = 86_400_000;
const BATCH = 2000;

/** The city's own row: 重庆市, 500000. */
export const DEMO_CITY = { name: '重庆市', code: '500000' };

/** Towns and streets common across Chongqing's districts: each demo district (but 南川区, the seeds') takes ten. */
const TOWN_NAMES = [
  '龙泉镇',
  '白沙镇',
  '石龙镇',
  '双河镇',
  '青龙镇',
  '太和镇',
  '新华镇',
  '三合镇',
  '永兴镇',
  '龙潭镇',
  '高峰镇',
  '安坪镇',
  '天星镇',
  '金龙镇',
  '复兴镇',
  '兴隆镇',
  '柏林镇',
  '桃花镇',
];
const STREET_NAMES = ['东城街道', '西城街道', '南城街道', '北城街道', '新城街道', '滨江街道', '城南街道', '龙都街道'];

export interface DemoCityOptions {
  /** The service's settings the problems' lives follow (due-soon days, named supervision, complaint replies). */
  config: Pick<AppConfig, 'dueSoonDays' | 'namedSupervisionDays' | 'complaintReplyWorkingDays'>;
  now: Date;
  /** How many problems the i-th district (by 行政区划代码) holds; default 1,200–3,600, varied by district. */
  problems?: (index: number, code: string) => number;
  log?: (message: string) => void;
  /**
   * Where VACUUM ANALYZE runs after the load: the tables' owner (default: `url`). The load itself must run as a role
   * row security binds (not a superuser): the derived tables are built per district, in its setting.
   */
  ownerUrl?: string;
}

export interface DemoCitySummary {
  districts: number;
  units: number;
  issues: number;
  events: number;
  /** The tokens to try the city with: the city's office and leader, then each district's office. */
  tokens: { label: string; token: string }[];
}

/** A spread that differs by district: how many problems, and over how long (a long history closes more of them). */
function shapeOf(index: number): { problems: number; years: number } {
  const spread = (index * 37 + 11) % 38; // a fixed shuffle of 0…37
  return { problems: 1200 + Math.round((spread / 37) * 2400), years: 0.5 + ((index * 23 + 5) % 38) / 25 };
}

async function client(url: string, district: string): Promise<pg.Client> {
  const c = new pg.Client({
    connectionString: url,
    application_name: 'rectify-seed-demo-city',
    options: `-c rectify.district=${districtSetting(district)}`,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

async function copyInto(c: pg.Client, table: string, columns: readonly string[], lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const temp = `demo_${table}`;
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 1000) chunks.push(lines.slice(i, i + 1000).join(''));
  await pipeline(Readable.from(chunks), c.query(copyFrom(`COPY ${temp} (${columns.join(', ')}) FROM STDIN`)));
  const list = columns.join(', ');
  await c.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${temp}`);
  await c.query(`TRUNCATE ${temp}`);
}

async function token(
  c: pg.Client,
  role: string,
  unitId: string | null,
  label: string,
  districtId: string | null = null,
): Promise<{ id: string; secret: string }> {
  const secret = newTokenSecret();
  const r = await c.query<{ id: string }>(
    `INSERT INTO api_tokens (token_hash, prefix, role, unit_id, label${districtId ? ', district_id' : ''})
     VALUES ($1, $2, $3, $4, $5${districtId ? ', $6' : ''}) RETURNING id`,
    [hashToken(secret), displayPrefix(secret), role, unitId, label, ...(districtId ? [districtId] : [])],
  );
  return { id: r.rows[0].id, secret };
}

/** A district's units: the seeds' twenty for 南川区; the same departments and ten towns and streets elsewhere. */
function unitsOf(index: number, districtId: string): { code: string; name: string; kind: string }[] {
  if (districtId === DEFAULT_DISTRICT_ID) return DEMO_UNITS;
  const departments = DEMO_UNITS.filter((u) => u.kind === 'DEPARTMENT');
  const towns = Array.from({ length: 7 }, (_, k) => TOWN_NAMES[(index * 5 + k) % TOWN_NAMES.length]);
  const streets = Array.from({ length: 3 }, (_, k) => STREET_NAMES[(index * 3 + k) % STREET_NAMES.length]);
  return [
    ...departments,
    ...towns.map((name, k) => ({ code: `Z${String(k + 1).padStart(2, '0')}`, name, kind: 'TOWN' })),
    ...streets.map((name, k) => ({ code: `J${String(k + 1).padStart(2, '0')}`, name, kind: 'STREET' })),
  ];
}

/** Seeds the city into a migrated database that holds no units or problems yet. */
export async function seedDemoCity(url: string, options: DemoCityOptions): Promise<DemoCitySummary> {
  const log = options.log ?? (() => undefined);
  const now = options.now.getTime();
  const outlines = chongqingDistricts();
  const tokens: { label: string; token: string }[] = [];

  // The city and its districts (a city-wide session: rectify_add_district refuses any other).
  const city = await client(url, CITY_WIDE);
  const ids = new Map<string, string>();
  try {
    const existing = await city.query<{ id: string; code: string; kind: string }>(
      `SELECT id, code, kind FROM districts`,
    );
    for (const r of existing.rows) ids.set(r.kind === 'CITY' ? 'CITY' : r.code, r.id);
    const add = async (name: string, code: string, kind: 'DISTRICT' | 'CITY') =>
      (await city.query<{ id: string }>(`SELECT rectify_add_district(NULL, $1, $2, $3) AS id`, [name, code, kind]))
        .rows[0].id;
    if (!ids.has('CITY')) ids.set('CITY', await add(DEMO_CITY.name, DEMO_CITY.code, 'CITY'));
    for (const d of outlines) if (!ids.has(d.code)) ids.set(d.code, await add(d.name, d.code, 'DISTRICT'));
    const cityId = ids.get('CITY')!;
    tokens.push({ label: '市督察办', token: (await token(city, 'CITY_OFFICE', null, '市督察办', cityId)).secret });
    tokens.push({ label: '市领导', token: (await token(city, 'CITY_LEADER', null, '市领导', cityId)).secret });
  } finally {
    await city.end();
  }

  const calendar = new Map(officialCalendar().map((d) => [d.day, d.kind]));
  let units = 0;
  let issues = 0;
  let events = 0;
  // A district's derived tables are built while the next district is generated and loaded (the builds themselves
  // take turns: the projector's lock).
  let rebuilding: Promise<void> = Promise.resolve();
  for (const [index, d] of outlines.entries()) {
    const districtId = ids.get(d.code)!;
    const shape = shapeOf(index);
    const count = options.problems?.(index, d.code) ?? shape.problems;
    const start = now - Math.round(shape.years * 365 * DAY);
    const c = await client(url, districtId);
    let handed = false;
    try {
      await c.query(`SET synchronous_commit = off`);
      // The staging tables hold the copied columns only (their types, none of the keys, checks or row security).
      await c.query(
        `CREATE TEMP TABLE demo_issues AS SELECT ${ISSUE_COPY_COLUMNS.join(', ')} FROM issues WITH NO DATA`,
      );
      await c.query(
        `CREATE TEMP TABLE demo_issue_events AS SELECT ${EVENT_COPY_COLUMNS.join(', ')} FROM issue_events WITH NO DATA`,
      );
      const createdAt = new Date(start - 30 * DAY);
      const list = unitsOf(index, districtId);
      const rows = (
        await c.query<{ id: string; code: string; name: string; kind: string }>(
          `INSERT INTO units (code, name, kind, created_at)
           SELECT *, $4::timestamptz FROM unnest($1::text[], $2::text[], $3::text[]) RETURNING id, code, name, kind`,
          [list.map((u) => u.code), list.map((u) => u.name), list.map((u) => u.kind), createdAt],
        )
      ).rows;
      units += rows.length;
      const office = await token(c, 'OFFICE', null, `${d.name}整改办`);
      tokens.push({ label: `${d.name}整改办`, token: office.secret });
      const leader = await token(c, 'LEADER', null, `${d.name}分管副区长`);
      const lifeUnits: LifeUnit[] = [];
      for (const u of rows) {
        const label = `${u.name}整改专班`;
        const t = await token(c, 'UNIT', u.id, label);
        lifeUnits.push({ ...u, sender: { actor: { role: 'UNIT', unitId: u.id }, label, tokenId: t.id } });
      }
      const order = new Map(list.map((u, i) => [u.code, i]));
      lifeUnits.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
      const officeSender: Sender = {
        actor: { role: 'OFFICE', unitId: null },
        label: `${d.name}整改办`,
        tokenId: office.id,
      };
      const generator = new LifeGenerator({
        now,
        dueSoonDays: options.config.dueSoonDays,
        namedSupervisionDays: options.config.namedSupervisionDays,
        complaintReplyWorkingDays: options.config.complaintReplyWorkingDays,
        calendar,
        office: officeSender,
        leader: { actor: { role: 'LEADER', unitId: null }, label: `${d.name}分管副区长`, tokenId: leader.id },
        sweeper: SWEEPER,
        units: lifeUnits,
        seed: 20261207 ^ Number(d.code),
      });
      const filedAt = generator.filingTimes(count, start);
      // Events wait until every problem they may name (a parent, an original) is in: a district's are all loaded
      // after its problems, in time order, as the service appends them.
      const pending: { at: number; line: Buffer }[] = [];
      const stackTraceLimit = Error.stackTraceLimit;
      for (let b = 0; b < count; b += BATCH) {
        const lines: string[] = [];
        // (xstate's throw-away actors throw on their missing input: no stack capture, as the bench's generator)
        Error.stackTraceLimit = 0;
        for (let i = b; i < Math.min(count, b + BATCH); i++) {
          const p = generator.problem(filedAt[i]);
          lines.push(p.issueLine);
          for (const e of p.events) pending.push(e);
        }
        Error.stackTraceLimit = stackTraceLimit;
        await copyInto(c, 'issues', ISSUE_COPY_COLUMNS, lines);
      }
      pending.sort((a, b) => a.at - b.at);
      for (let i = 0; i < pending.length; i += 20_000)
        await copyInto(
          c,
          'issue_events',
          EVENT_COPY_COLUMNS,
          pending.slice(i, i + 20_000).map((e) => e.line.toString('utf8')),
        );
      const counters = generator.codeCounters();
      await c.query(
        `INSERT INTO issue_code_counters (prefix, year, last) SELECT * FROM unnest($1::text[], $2::int[], $3::int[])
         ON CONFLICT (prefix, year, district_id) DO UPDATE SET last = GREATEST(issue_code_counters.last, EXCLUDED.last)`,
        [counters.map((x) => x.prefix), counters.map((x) => x.year), counters.map((x) => x.last)],
      );
      issues += count;
      events += generator.eventsMade;
      const line = `  ${d.code} ${d.name}: ${rows.length} units, ${count.toLocaleString('en')} problems, ${generator.eventsMade.toLocaleString('en')} events`;
      await rebuilding;
      handed = true;
      // The figures' heads and bookings, the list's counts and former holders, from this district's log.
      rebuilding = c
        .query(`SELECT rectify_derived_rebuild()`)
        .then(() => log(line))
        .finally(() => c.end());
    } finally {
      if (!handed) {
        await c.end();
        await rebuilding.catch(() => undefined);
      }
    }
  }
  await rebuilding;
  const analyze = await client(options.ownerUrl ?? url, CITY_WIDE);
  try {
    await analyze.query(`VACUUM (ANALYZE) issues, issue_events, units, figure_heads, figure_bookings, figure_days`);
  } finally {
    await analyze.end();
  }
  return { districts: outlines.length, units, issues, events, tokens };
}
