// The table and the list on the generated data, over HTTP against the real service (a child process), next to the
// best hand-written SQL run straight on the same PostgreSQL. Plans of the service's own SQL go to bench/.work/explain.
// Usage: node dist/bench/report.bench.js [--issues N] [--database-url URL] [--quick]
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { addDays, shanghaiDate, startOfShanghaiDay, startOfShanghaiWeek } from '../src/common/shanghai-time.js';
import { loadConfig } from '../src/config/config.js';
import { decodeCursor, type IssueOrderField } from '../src/issues/cursor.js';
import { IssueListQuery, type ListFilter, type OrderDirection } from '../src/issues/issue-list.query.js';
import { FiguresQuery, type Counts } from '../src/reports/figures.query.js';
import { OverdueListQuery } from '../src/reports/overdue-list.query.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { BENCH_DISTRICT, openBenchDatabase } from './database.js';
import { HAND_SQL, handParams, OVERDUE_SCAN, type HandScope } from './hand-sql.js';
import { freePort } from '../test/support/processes.js';

export const BENCH_TOKEN = 'bench-office-token-0123456789abcdef';

export interface Stat {
  runs: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

export interface ReportLine {
  name: string;
  /** The GraphQL call measured. */
  call: string;
  /** The first request, which may count a finished day's open spans for the next ones. */
  firstMs: number;
  service: Stat;
  /** The service's own statement (the bookings) sent raw with pg. */
  sql: Stat;
  /** The independent statement over every problem and the log (bench/hand-sql.ts), also the check of the figures. */
  scan: Stat;
  ratio: number;
  /** The hand-written SQL gave the service's figures, unit by unit. */
  sameFigures: boolean;
}

export interface ListLine {
  name: string;
  call: string;
  /** The page alone (edges and pageInfo). */
  service: Stat;
  /** The same page with totalCount, which counts every match. */
  withTotal: Stat;
  rows: number;
  totalCount: number;
  /** totalCount equals count(*) over the problems with the same filter, sent raw (null: not compared). */
  sameCount: boolean | null;
}

/** The weekly bulletin's download, whose overdue sheet lists every problem overdue at the week's end. */
export interface ExportLine {
  name: string;
  call: string;
  /** The download over HTTP: the table, the overdue sheet and the spreadsheet built. */
  service: Stat;
  /** The service's two statements (the table's, the overdue sheet's) sent raw with pg, one after the other. */
  sql: Stat;
  /** The overdue sheet's statement alone, raw. */
  sheetSql: Stat;
  /** An independent statement for the sheet: every problem's last log row by the moment (DISTINCT ON over the log). */
  scan: Stat;
  ratio: number;
  rows: number;
  /** The independent statement listed the same problems in the same order. */
  sameRows: boolean;
}

export interface ReportBenchResult {
  reports: ReportLine[];
  lists: ListLine[];
  exports: ExportLine[];
  explainDir: string;
}

const COUNT_FIELDS =
  'total closed completedOnTime open overdue dueSoon rebounds filedInPeriod closedInPeriod complaints replyDue repliedOnTime rated satisfied';
const ROW_FIELDS = `${COUNT_FIELDS} closureRate onTimeRate replyOnTimeRate satisfactionRate rank`;
export const REPORT_SELECTION = `{ asOf periodStart rows { unit { id code name } ${ROW_FIELDS} } total { ${ROW_FIELDS} } }`;
const LIST_SELECTION = `{ pageInfo { hasNextPage endCursor }
  edges { cursor node { id code title source state substate dueAt overdue escalationLevel leadUnit { id name } } } }`;
const LIST_SELECTION_WITH_TOTAL = LIST_SELECTION.replace('{ pageInfo', '{ totalCount pageInfo');
type Order = { field: IssueOrderField; direction: OrderDirection };
const COUNT_KEYS = COUNT_FIELDS.split(' ').filter((k) => k !== 'open') as (keyof Counts)[];

export interface GraphQLReply<T> {
  data?: T;
  errors?: { message: string }[];
}

export interface ReportData {
  asOf: string;
  periodStart: string;
  rows: ({ unit: { id: string } } & Counts)[];
  total: Counts;
}

interface ListData {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string }[];
}

export class Service {
  // Node's own HTTP client on kept-alive sockets: fetch took ~1 ms more a request (2.5 ms against 1.3 for `{ __typename }`),
  // time and CPU the load client took from the cores it shares with the service.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {}

  /** `node dist/src/main.js` on the bench database, the sweep off, production settings. */
  static async start(url: string, root: string, env: Record<string, string> = {}): Promise<Service> {
    const port = await freePort();
    const logFile = join(root, 'bench', '.work', 'service.log');
    mkdirSync(dirname(logFile), { recursive: true });
    const logFd = openSync(logFile, 'w');
    // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.work/prof" profiles the service under the bench's load.
    const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/src/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        // BENCH_SERVICE_DATABASE_URL: the service as another role than the bench's own (a superuser bypasses row
        // security, so the districts' policies cost nothing unless the service connects as an ordinary role).
        DATABASE_URL: process.env.BENCH_SERVICE_DATABASE_URL ?? url,
        RECTIFY_ADMIN_TOKEN: BENCH_TOKEN,
        PORT: String(port),
        RECTIFY_SWEEP_INTERVAL_MS: '0',
        NODE_ENV: 'production',
        // One token asking as fast as it can is the bench, not abuse (noisy-neighbour.ts turns the limits back on).
        RECTIFY_RATE_LIMIT: '0',
        RECTIFY_COST_PER_SECOND: '0',
        RECTIFY_MAX_IN_FLIGHT: '0',
        RECTIFY_DB_READ_MS_PER_SECOND: '0',
        ...env,
      },
      // Logs go to a file, as in production: a pipe read by this busy process would stall the service's writes.
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    const output = () => readFileSync(logFile, 'utf8').slice(-3000);
    const service = new Service(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${output()}`);
      const ok = await fetch(`${service.base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return service;
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`the service did not answer /health within 120 s:\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async gql<T>(query: string, variables: Record<string, unknown> = {}, token = BENCH_TOKEN): Promise<T> {
    const body = await this.send<T>(query, variables, token);
    if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  }

  /** One request; errors are returned, not thrown. */
  send<T>(query: string, variables: Record<string, unknown>, token: string): Promise<GraphQLReply<T>> {
    const body = Buffer.from(JSON.stringify({ query, variables }));
    const url = new URL('/graphql', this.base);
    return new Promise((resolveReply, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolveReply(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLReply<T>);
            } catch (e) {
              reject(new Error(`HTTP ${res.statusCode}: not JSON (${(e as Error).message})`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A GET with the bench's token; resolves with the status and the body's size once it has all arrived. */
  get(path: string, token = BENCH_TOKEN): Promise<{ status: number; bytes: number }> {
    const url = new URL(path, this.base);
    return new Promise((resolveReply, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          agent: this.agent,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolveReply({ status: res.statusCode ?? 0, bytes }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export function stat(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  // Nearest rank: with 30 runs p99 is the slowest but one… or the slowest.
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    runs: s.length,
    p50: round(rank(0.5), 1),
    p99: round(rank(0.99), 1),
    min: round(s[0], 1),
    max: round(s[s.length - 1], 1),
  };
}

type Budget = { warmup: number; maxRuns: number; minRuns: number; budgetMs: number };

/** Warm-up, then up to `maxRuns` timed runs or until the time budget is spent (at least `minRuns`). */
export async function measure(fn: () => Promise<unknown>, o: Budget): Promise<Stat> {
  return (await measureTurns([fn], o))[0];
}

/**
 * The same for several ways of getting one answer, run in turns (a, b, a, b, …): each sees the same caches and the
 * same neighbours on the machine, so their ratio does not drift with what ran before.
 */
export async function measureTurns(fns: (() => Promise<unknown>)[], o: Budget): Promise<Stat[]> {
  for (let i = 0; i < o.warmup; i++) for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  const started = Date.now();
  while (samples[0].length < o.maxRuns && (samples[0].length < o.minRuns || Date.now() - started < o.budgetMs)) {
    for (const [k, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      samples[k].push(performance.now() - t);
    }
  }
  return samples.map(stat);
}

/** The SQL a query object sends, caught by a stand-in for its DataSource. */
export function captureSql(run: (db: DataSource) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const caught: { sql: string; params: unknown[] }[] = [];
  const db = {
    query: (sql: string, params: unknown[] = []) => (caught.push({ sql, params }), Promise.resolve([{ n: 0 }])),
  };
  return run(db as unknown as DataSource).then(() => caught);
}

export function sameFigures(service: ReportData, sqlRows: ({ unitId: string | null } & Counts)[]): boolean {
  const byUnit = new Map(sqlRows.filter((r) => r.unitId !== null).map((r) => [r.unitId, r]));
  if (byUnit.size !== service.rows.length) return false;
  for (const row of service.rows) {
    const mine = byUnit.get(row.unit.id);
    if (!mine || COUNT_KEYS.some((k) => Number(mine[k]) !== Number(row[k]))) return false;
  }
  return COUNT_KEYS.every((k) => sqlRows.reduce((sum, r) => sum + Number(r[k]), 0) === Number(service.total[k]));
}

export async function benchReports(
  url: string,
  options: { quick: boolean; root: string; workDir: string; log?: (m: string) => void },
): Promise<ReportBenchResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  const config = loadConfig(process.env);
  const budget = { warmup: options.quick ? 2 : 3, maxRuns: 30, minRuns: 5, budgetMs: options.quick ? 2_000 : 60_000 };
  const explainDir = join(options.workDir, 'explain');
  mkdirSync(explainDir, { recursive: true });
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    application_name: 'rectify-bench-sql',
    options: BENCH_DISTRICT,
  });
  pool.on('error', () => undefined);
  const service = await Service.start(url, options.root);
  log(`  service up (pid ${service.pid}) at ${service.base}`);
  try {
    const now = new Date();
    const threeMonthsAgo = addDays(now, -91);
    // Noon, three months ago: a past moment in the middle of a day, on a five-minute mark (it reads no log).
    const threeMonthsAgoNoon = new Date(startOfShanghaiDay(shanghaiDate(threeMonthsAgo)).getTime() + 12 * 3_600_000);
    const lastWeek = shanghaiDate(addDays(startOfShanghaiWeek(now), -7));
    const lastWeekStart = startOfShanghaiWeek(addDays(startOfShanghaiWeek(now), -7));
    const lastWeekEnd = new Date(addDays(lastWeekStart, 7).getTime() - 1);
    const reportQuery = `query($asOf: DateTime) { closureReport(asOf: $asOf) ${REPORT_SELECTION} }`;
    const weeklyQuery = `query($weekOf: Date!) { weeklyReport(weekOf: $weekOf) ${REPORT_SELECTION} }`;
    const scopedQuery = `query($batch: String, $unitRole: UnitRole) { closureReport(batch: $batch, unitRole: $unitRole) ${REPORT_SELECTION} }`;
    // The central inspection's batch of last quarter (the generator files each within its quarter).
    const [recentBatch] = (
      await pool.query<{ batch: string }>(
        `SELECT batch FROM issues WHERE source = 'CENTRAL_INSPECTION' AND filed_at < now() - interval '100 days' ORDER BY filed_at DESC LIMIT 1`,
      )
    ).rows;
    const cases: {
      name: string;
      call: string;
      run: () => Promise<ReportData>;
      sql: string;
      scope: (r: ReportData) => HandScope;
    }[] = [
      {
        name: 'closureReport now',
        call: 'closureReport',
        run: () => service.gql<{ closureReport: ReportData }>(reportQuery).then((d) => d.closureReport),
        sql: HAND_SQL,
        scope: (r) => scopeOf(new Date(r.asOf), new Date(r.periodStart), config.dueSoonDays),
      },
      {
        name: 'closureReport as of 3 months ago',
        call: `closureReport(asOf: "${threeMonthsAgo.toISOString()}")`,
        run: () =>
          service
            .gql<{ closureReport: ReportData }>(reportQuery, { asOf: threeMonthsAgo.toISOString() })
            .then((d) => d.closureReport),
        sql: HAND_SQL,
        scope: () => scopeOf(threeMonthsAgo, startOfShanghaiWeek(threeMonthsAgo), config.dueSoonDays),
      },
      {
        name: 'closureReport as of 3 months ago at noon',
        call: `closureReport(asOf: "${threeMonthsAgoNoon.toISOString()}")`,
        run: () =>
          service
            .gql<{ closureReport: ReportData }>(reportQuery, { asOf: threeMonthsAgoNoon.toISOString() })
            .then((d) => d.closureReport),
        sql: HAND_SQL,
        scope: () => scopeOf(threeMonthsAgoNoon, startOfShanghaiWeek(threeMonthsAgoNoon), config.dueSoonDays),
      },
      {
        name: 'weeklyReport last week',
        call: `weeklyReport(weekOf: "${lastWeek}")`,
        run: () =>
          service.gql<{ weeklyReport: ReportData }>(weeklyQuery, { weekOf: lastWeek }).then((d) => d.weeklyReport),
        sql: HAND_SQL,
        scope: () => scopeOf(lastWeekEnd, lastWeekStart, config.dueSoonDays),
      },
      {
        name: 'closureReport now, by cooperating unit',
        call: 'closureReport(unitRole: COOPERATING)',
        run: () =>
          service
            .gql<{ closureReport: ReportData }>(scopedQuery, { unitRole: 'COOPERATING' })
            .then((d) => d.closureReport),
        sql: HAND_SQL,
        scope: (r) => ({
          ...scopeOf(new Date(r.asOf), new Date(r.periodStart), config.dueSoonDays),
          unitRole: 'COOPERATING',
        }),
      },
      ...(recentBatch
        ? [
            {
              name: `closureReport now, one batch ("${recentBatch.batch}")`,
              call: `closureReport(batch: "${recentBatch.batch}")`,
              run: () =>
                service
                  .gql<{ closureReport: ReportData }>(scopedQuery, { batch: recentBatch.batch })
                  .then((d) => d.closureReport),
              sql: HAND_SQL,
              scope: (r: ReportData) => ({
                ...scopeOf(new Date(r.asOf), new Date(r.periodStart), config.dueSoonDays),
                batch: recentBatch.batch,
              }),
            },
          ]
        : []),
    ];
    const reports: ReportLine[] = [];
    for (const c of cases) {
      // The first request may count a finished day's open spans (kept for the next ones): timed on its own.
      const started = performance.now();
      const first = await c.run();
      const firstMs = round(performance.now() - started, 1);
      const scope = c.scope(first);
      const params = handParams(scope);
      // The figures checked against an independent statement that reads every problem and the log (bench/hand-sql.ts).
      const checked = performance.now();
      const same = sameFigures(first, (await pool.query<{ unitId: string | null } & Counts>(c.sql, params)).rows);
      // (it reads the whole log: tens of seconds at a million problems, so a slow one is timed by this run alone)
      const checkMs = performance.now() - checked;
      const slowScan = checkMs > SLOW_SCAN_MS;
      // The service's own statement, as it sends it: explained, and timed raw as the best SQL for these figures.
      const [stmt] = await captureSql((db) =>
        new FiguresQuery(db).figures({
          ...scope,
          sources: null,
          unitId: null,
          unitRole: scope.unitRole ?? 'LEAD',
          batch: scope.batch ?? null,
        }),
      );
      await explain(pool, stmt.sql, stmt.params, join(explainDir, `${slug(c.name)}.service.txt`));
      await explain(pool, c.sql, params, join(explainDir, `${slug(c.name)}.scan.txt`), !slowScan);
      const [serviceStat, sqlStat] = await measureTurns([c.run, () => pool.query(stmt.sql, stmt.params)], budget);
      const scanStat = slowScan
        ? stat([checkMs])
        : await measure(() => pool.query(c.sql, params), { warmup: 1, maxRuns: 5, minRuns: 3, budgetMs: 10_000 });
      const line = {
        name: c.name,
        call: c.call,
        firstMs,
        service: serviceStat,
        sql: sqlStat,
        scan: scanStat,
        ratio: round(serviceStat.p50 / sqlStat.p50, 2),
        sameFigures: same,
      };
      reports.push(line);
      log(
        `  ${c.name}: first request ${firstMs} ms; service p50 ${serviceStat.p50} ms p99 ${serviceStat.p99} ms (${serviceStat.runs} runs); ` +
          `SQL p50 ${sqlStat.p50} ms p99 ${sqlStat.p99} ms; ratio ${line.ratio}; independent statement p50 ${scanStat.p50} ms; same figures: ${same ? 'yes' : 'NO'}`,
      );
    }

    const lists = await benchLists(service, pool, now, budget, explainDir, log);
    const exports = [
      await benchWeeklyExport(service, pool, lastWeek, lastWeekStart, lastWeekEnd, budget, explainDir, log),
    ];
    return { reports, lists, exports, explainDir };
  } finally {
    await service.stop();
    await pool.end();
  }
}

async function benchWeeklyExport(
  service: Service,
  pool: pg.Pool,
  weekOf: string,
  weekStart: Date,
  weekEnd: Date,
  budget: Budget,
  explainDir: string,
  log: (m: string) => void,
): Promise<ExportLine> {
  const path = `/reports/weekly.xlsx?weekOf=${weekOf}`;
  const first = await service.get(path);
  if (first.status !== 200) throw new Error(`GET ${path}: HTTP ${first.status}`);
  const [table] = await captureSql((db) =>
    new FiguresQuery(db).figures({
      asOf: weekEnd,
      periodStart: weekStart,
      sources: null,
      unitId: null,
      unitRole: 'LEAD',
      batch: null,
    }),
  );
  const [sheet] = await captureSql((db) => new OverdueListQuery(db).list(weekEnd, null, null));
  await explain(pool, sheet.sql, sheet.params, join(explainDir, 'export-overdue-sheet.service.txt'));
  await explain(pool, OVERDUE_SCAN, [weekEnd], join(explainDir, 'export-overdue-sheet.scan.txt'));
  const listed = (await pool.query<{ code: string }>(sheet.sql, sheet.params)).rows.map((r) => r.code);
  const scanned = (await pool.query<{ code: string }>(OVERDUE_SCAN, [weekEnd])).rows.map((r) => r.code);
  const [serviceStat, sqlStat, sheetStat] = await measureTurns(
    [
      () => service.get(path),
      async () => {
        await pool.query(table.sql, table.params);
        await pool.query(sheet.sql, sheet.params);
      },
      () => pool.query(sheet.sql, sheet.params),
    ],
    budget,
  );
  const scanStat = await measure(() => pool.query(OVERDUE_SCAN, [weekEnd]), {
    warmup: 1,
    maxRuns: 5,
    minRuns: 3,
    budgetMs: 10_000,
  });
  const line: ExportLine = {
    name: 'weekly bulletin (xlsx) of last week, with its overdue sheet',
    call: `GET ${path}`,
    service: serviceStat,
    sql: sqlStat,
    sheetSql: sheetStat,
    scan: scanStat,
    ratio: round(serviceStat.p50 / sqlStat.p50, 2),
    rows: listed.length,
    sameRows: JSON.stringify(listed) === JSON.stringify(scanned),
  };
  log(
    `  ${line.name}: service p50 ${serviceStat.p50} ms p99 ${serviceStat.p99} ms; its statements p50 ${sqlStat.p50} ms (the sheet's ` +
      `${sheetStat.p50} ms); ratio ${line.ratio}; ${line.rows} overdue rows; independent statement p50 ${scanStat.p50} ms, same rows: ${line.sameRows ? 'yes' : 'NO'}`,
  );
  return line;
}

async function benchLists(
  service: Service,
  pool: pg.Pool,
  now: Date,
  budget: { warmup: number; maxRuns: number; minRuns: number; budgetMs: number },
  explainDir: string,
  log: (m: string) => void,
): Promise<ListLine[]> {
  const listQuery = (selection: string) =>
    `query($filter: IssueFilter, $orderBy: IssueOrder, $after: String, $first: Int, $last: Int) {
      issues(filter: $filter, orderBy: $orderBy, after: $after, first: $first, last: $last) ${selection} }`;
  type Case = {
    name: string;
    filter: ListFilter;
    orderBy?: Order;
    last?: true;
    unitToken?: string;
    deep: boolean;
    count: [string, unknown[]] | null;
  };
  const page = (c: Case, after: string | null = null, withTotal = false) =>
    service
      .gql<{ issues: ListData }>(
        listQuery(withTotal ? LIST_SELECTION_WITH_TOTAL : LIST_SELECTION),
        { filter: c.filter, orderBy: c.orderBy, after, ...(c.last ? { last: 50 } : { first: 50 }) },
        c.unitToken,
      )
      .then((d) => d.issues);
  const [overdueUnit] = (
    await pool.query<{ id: string; n: number }>(
      `SELECT lead_unit_id AS id, count(*)::int AS n FROM issues
      WHERE substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind <> 'LONG_TERM' AND due_at < now()
      GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    )
  ).rows;
  const [bigUnit] = (
    await pool.query<{ id: string; n: number }>(
      `SELECT lead_unit_id AS id, count(*)::int AS n FROM issues WHERE lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    )
  ).rows;
  const [someCode] = (
    await pool.query<{ code: string }>(`SELECT code FROM issues ORDER BY filed_at LIMIT 1 OFFSET 1000`)
  ).rows;
  // An inspection's batch handed over two years ago (the generator files each within its quarter).
  const [oldBatch] = (
    await pool.query<{ batch: string }>(
      `SELECT batch FROM issues WHERE source = 'CENTRAL_INSPECTION' AND filed_at < now() - interval '2 years' ORDER BY filed_at DESC LIMIT 1`,
    )
  ).rows;
  // The biggest unit reads its own list with its own token (awaitingMe is the caller's).
  const unitToken = (
    await service.gql<{ createToken: { token: string } }>(
      'mutation($u: ID!) { createToken(role: UNIT, unitId: $u, label: "bench list") { token } }',
      { u: bigUnit.id },
    )
  ).createToken.token;
  const dayAgo = new Date(now.getTime() - 86_400_000);
  // The count the filter stands for, straight from the problems (the kept counts answer the whole list and one unit).
  const ofUnit = `(lead_unit_id = $1 OR cooperating_unit_ids @> ARRAY[$1::uuid])`;
  const like = (q: string) => `%${q}%`;
  const search = `(code ILIKE $1 OR title ILIKE $1 OR description ILIKE $1)`;
  const byUpdate: Order = { field: 'UPDATED_AT', direction: 'DESC' };
  const byDeadline: Order = { field: 'DUE_AT', direction: 'ASC' };
  const cases: Case[] = [
    { name: 'unit overdue, first page', filter: { unitId: overdueUnit.id, overdue: true }, deep: false, count: null }, // (the service's clock, not ours)
    { name: 'all problems, first page', filter: {}, deep: false, count: ['true', []] },
    { name: 'all problems, page 101 (cursor)', filter: {}, deep: true, count: ['true', []] },
    { name: 'all problems, the last page (last: 50)', filter: {}, last: true, deep: false, count: ['true', []] },
    { name: 'one unit, first page', filter: { unitId: bigUnit.id }, deep: false, count: [ofUnit, [bigUnit.id]] },
    ...(bigUnit.n > 101 * 50
      ? [
          {
            name: 'one unit, page 101 (cursor)',
            filter: { unitId: bigUnit.id },
            deep: true,
            count: [ofUnit, [bigUnit.id]] as [string, unknown[]],
          },
        ]
      : []),
    ...(oldBatch
      ? [
          {
            name: `one batch, two years old ("${oldBatch.batch}")`,
            filter: { batch: oldBatch.batch },
            deep: false,
            count: ['batch = $1', [oldBatch.batch]] as [string, unknown[]],
          },
        ]
      : []),
    { name: 'text search "排污口"', filter: { search: '排污口' }, deep: false, count: [search, [like('排污口')]] },
    {
      name: `code search "${someCode.code}"`,
      filter: { search: someCode.code },
      deep: false,
      count: [search, [like(someCode.code)]],
    },
    // What needs my action, and the other new filters and orders ("An API a department integrates in an afternoon").
    {
      name: 'awaiting the office (awaitingMe)',
      filter: { awaitingMe: true },
      deep: false,
      count: [
        `rectify_awaits_office(substate, pending_extension, duplicate_of_id) AND (substate <> 'VERIFIED.signedOff' OR NOT EXISTS
        (SELECT 1 FROM issues c WHERE c.parent_id = issues.id AND c.state NOT IN ('CLOSED','REVISITED') AND c.duplicate_of_id IS NULL))`,
        [],
      ],
    },
    {
      name: 'awaiting one unit, its own token (awaitingMe)',
      filter: { awaitingMe: true },
      unitToken,
      deep: false,
      count: ['lead_unit_id = $1 AND rectify_awaits_lead(substate, duplicate_of_id)', [bigUnit.id]],
    },
    {
      name: 'awaiting one unit, soonest deadline first',
      filter: { awaitingMe: true },
      orderBy: byDeadline,
      unitToken,
      deep: false,
      count: ['lead_unit_id = $1 AND rectify_awaits_lead(substate, duplicate_of_id)', [bigUnit.id]],
    },
    { name: 'due soon (dueSoon)', filter: { dueSoon: true }, deep: false, count: null },
    {
      name: 'submitted, awaiting verification (substates)',
      filter: { substates: ['RECTIFYING.submitted'] },
      deep: false,
      count: [`substate = 'RECTIFYING.submitted'`, []],
    },
    {
      name: 'one unit, led only (unitRole LEAD), page 101',
      filter: { unitId: bigUnit.id, unitRole: 'LEAD' },
      deep: bigUnit.n > 101 * 50,
      count: ['lead_unit_id = $1', [bigUnit.id]],
    },
    {
      name: 'one unit, cooperating only (unitRole COOPERATING)',
      filter: { unitId: bigUnit.id, unitRole: 'COOPERATING' },
      deep: false,
      count: ['cooperating_unit_ids @> ARRAY[$1::uuid] AND lead_unit_id IS DISTINCT FROM $1', [bigUnit.id]],
    },
    {
      name: 'one unit, with the problems it once held (includeFormer)',
      filter: { unitId: bigUnit.id, includeFormer: true },
      deep: false,
      count: [
        `${ofUnit} OR EXISTS (SELECT 1 FROM issue_former_holders f WHERE f.unit_id = $1 AND f.issue_id = issues.id)`,
        [bigUnit.id],
      ],
    },
    {
      name: 'changed in the last day (updatedAfter), oldest change first',
      filter: { updatedAfter: dayAgo },
      orderBy: { field: 'UPDATED_AT', direction: 'ASC' },
      deep: false,
      count: ['updated_at > $1', [dayAgo]],
    },
    {
      name: 'all problems, last changed first, page 101',
      filter: {},
      orderBy: byUpdate,
      deep: true,
      count: ['true', []],
    },
    {
      name: 'all problems, soonest deadline first, page 101',
      filter: {},
      orderBy: byDeadline,
      deep: true,
      count: ['true', []],
    },
    {
      name: 'one unit, last changed first, page 101',
      filter: { unitId: bigUnit.id },
      orderBy: byUpdate,
      deep: bigUnit.n > 101 * 50,
      count: [ofUnit, [bigUnit.id]],
    },
    {
      name: 'one unit, soonest deadline first',
      filter: { unitId: bigUnit.id },
      orderBy: byDeadline,
      deep: false,
      count: [ofUnit, [bigUnit.id]],
    },
  ];
  const dueSoonUntil = new Date(now.getTime() + loadConfig(process.env).dueSoonDays * 86_400_000);
  const lines: ListLine[] = [];
  for (const c of cases) {
    let after: string | null = null;
    if (c.deep) {
      // Walk 100 pages by cursor (not timed); the 101st is the one measured.
      for (let i = 0; i < 100; i++) after = (await page(c, after)).pageInfo.endCursor;
    }
    const first = await page(c, after, true);
    const order = c.orderBy ?? { field: 'FILED_AT', direction: 'DESC' };
    const viewer = c.unitToken
      ? { role: 'UNIT' as const, unitId: bigUnit.id }
      : { role: 'OFFICE' as const, unitId: null };
    const statements = await captureSql((db) =>
      new IssueListQuery(db).page({ ...c.filter, viewer }, now, dueSoonUntil, {
        order,
        size: 50,
        backward: c.last === true,
        after: after ? decodeCursor(after, order.field, 'after') : null,
        before: null,
        withTotal: true,
        probe: false,
      }),
    );
    for (const [k, s] of statements.entries()) {
      await explain(pool, s.sql, s.params, join(explainDir, `list-${slug(c.name)}.${k === 0 ? 'page' : 'count'}.txt`));
    }
    const [stat, withTotal] = await measureTurns([() => page(c, after), () => page(c, after, true)], budget);
    const args = [
      `filter: ${JSON.stringify(c.filter)}`,
      ...(c.orderBy ? [`orderBy: ${JSON.stringify(c.orderBy)}`] : []),
      c.last ? 'last: 50' : 'first: 50',
      ...(after ? ['after: <cursor of page 100>'] : []),
    ];
    const call = `issues(${args.join(', ')})${c.unitToken ? ' as the unit' : ''}`;
    const n = c.count
      ? (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues WHERE ${c.count[0]}`, c.count[1]))
          .rows[0].n
      : null;
    lines.push({
      name: c.name,
      call,
      service: stat,
      withTotal,
      rows: first.edges.length,
      totalCount: first.totalCount,
      sameCount: n === null ? null : n === first.totalCount,
    });
    log(
      `  list ${c.name}: p50 ${stat.p50} ms p99 ${stat.p99} ms, with totalCount ${withTotal.p50} / ${withTotal.p99} ms (${first.edges.length} rows of ${first.totalCount}; count(*) ${n ?? '—'})`,
    );
  }
  return lines;
}

/** An independent statement slower than this is run once (its check), not timed again nor explained with ANALYZE. */
const SLOW_SCAN_MS = 5_000;

async function explain(pool: pg.Pool, sql: string, params: unknown[], file: string, analyze = true): Promise<void> {
  const rows = (
    await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${analyze ? '(ANALYZE, BUFFERS) ' : ''}${sql}`, params)
  ).rows;
  writeFileSync(
    file,
    `${sql.trim()}\n\n-- params: ${JSON.stringify(params)}\n\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`,
  );
}

export function scopeOf(asOf: Date, periodStart: Date, dueSoonDays: number): HandScope {
  return { asOf, periodStart, dueSoonUntil: addDays(asOf, dueSoonDays) };
}

const slug = (s: string) =>
  s
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
/** x to `digits` decimals, for figures in the results. */
export function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const dir = benchDir(import.meta.url);
  const db = await openBenchDatabase(args.databaseUrl, args.issues, dir);
  try {
    await benchReports(db.url, { quick: args.quick, root: resolve(dir, '..'), workDir: join(dir, '.work') });
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}
