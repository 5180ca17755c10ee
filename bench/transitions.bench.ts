// Transitions per second through GraphQL at 1, 4 and 16 clients, next to (a) pgbench sending the same unit of work
// straight to the same PostgreSQL and (b) the same service answering `{ __typename }` — the framework's own ceiling.
// The problems come from a handover list imported through POST /imports (which is measured too). Every run checks
// that events written = transitions acknowledged, that versions equal event counts, and that nothing failed.
// Usage: node dist/bench/transitions.bench.js [--issues N] [--database-url URL] [--quick]
import { resolve } from 'node:path';
import pg from 'pg';
import { ISSUE_SOURCES } from '../workflows/issue.types.js';
import { PROJECTOR_LOCK } from '../src/reports/figure-projector.service.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { openBenchDatabase, withClient } from './database.js';
import { buildHandoverList, importList, importPrefix, type ImportLine } from './import.bench.js';
import { preparePgbenchProblems, runPgbench, type PgbenchLine } from './pgbench.js';
import { cpuSeconds, memoryMb, postgresCpuSeconds, resetPeakRss } from './proc-stats.js';
import { BENCH_TOKEN, round, Service, stat, type Stat } from './report.bench.js';
import { benchWebhooks, type WebhookLine } from './webhooks.bench.js';

export const CONCURRENCY = [1, 4, 16] as const;
/** Problems pgbench writes to, per client at the highest concurrency. */
const PGBENCH_PER_CLIENT = 40;

export interface RateLine {
  clients: number;
  seconds: number;
  /** Acknowledged transitions (or answered requests, for the empty query). */
  count: number;
  perSecond: number;
  latency: Stat;
  errors: number;
}

export interface ConcurrencyLine {
  clients: number;
  service: RateLine;
  empty: RateLine;
  pgbench: PgbenchLine;
  /** The same transactions with no derived work at all: triggers off, projector held off. */
  pgbenchBare: PgbenchLine;
  /** pgbench ÷ pgbench with no derived work: what keeping the figures and counts costs a transaction. */
  derivedRatio: number;
  /** The same with a change that moves the problem between the list's count rows (a publication toggled). */
  pgbenchStateChange: PgbenchLine;
  pgbenchStateChangeBare: PgbenchLine;
  stateChangeDerivedRatio: number;
  /** service transitions/s ÷ pgbench transactions/s */
  ratioToRaw: number;
  /** service transitions/s ÷ empty queries/s */
  ratioToEmpty: number;
  serviceCpuSeconds: number;
  postgresCpuSeconds: number;
  transitionsPerServiceCpuSecond: number;
  transitionsPerPostgresCpuSecond: number;
  /** The framework's own cost: empty queries per CPU-second of the service. */
  emptyQueriesPerServiceCpuSecond: number;
}

export interface TransitionBenchResult {
  import: ImportLine;
  levels: ConcurrencyLine[];
  /** The same walk with an office webhook on every event, and the messages' latency. */
  webhooks: WebhookLine[];
  memory: { peakRssMb: number; idleRssMb: number; peakRssResetBeforeRun: boolean };
  invariants: {
    acknowledged: number;
    serviceEvents: number;
    pgbenchTransactions: number;
    pgbenchEvents: number;
    /** Problems of the run whose version is not their number of events. */
    versionMismatches: number;
    serviceErrors: number;
    pgbenchFailed: number;
    /** Transactions PostgreSQL rolled back during the timed runs (pg_stat_database). */
    rollbacks: number;
    ok: boolean;
  };
}

interface Work {
  id: string;
  unitToken: string;
  step: number;
}

/** A problem's walk from ASSIGNED to CLOSED: mostly progress reports, as in real use. */
const STEPS: { who: 'unit' | 'office'; query: string; variables: (id: string) => Record<string, unknown> }[] = [
  { who: 'unit', query: 'mutation($id: ID!) { acceptIssue(issueId: $id) { version } }', variables: (id) => ({ id }) },
  ...[30, 60, 90].map((p) => ({
    who: 'unit' as const,
    query:
      'mutation($id: ID!, $p: Int!, $c: String!) { reportProgress(issueId: $id, progressPercent: $p, comment: $c) { version } }',
    variables: (id: string) => ({ id, p, c: `已完成${p}%：清淤、截污管网改造推进中` }),
  })),
  {
    who: 'unit',
    query: 'mutation($id: ID!, $s: String!) { submitRectification(issueId: $id, summary: $s) { version } }',
    variables: (id) => ({ id, s: '整改完成，附现场照片及监测报告' }),
  },
  {
    who: 'office',
    query: 'mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { version } }',
    variables: (id) => ({ id }),
  },
  { who: 'office', query: 'mutation($id: ID!) { closeIssue(issueId: $id) { version } }', variables: (id) => ({ id }) },
];

export async function benchTransitions(
  url: string,
  options: { quick: boolean; root: string; log?: (m: string) => void },
): Promise<TransitionBenchResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  const seconds = options.quick ? 3 : 15;
  const rows = options.quick ? 2_000 : 10_000;
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'rectify-bench-tx' });
  pool.on('error', () => undefined);
  // Rate limits off: the bench is one token sending as fast as it can. Its webhook receiver is on the loopback.
  const service = await Service.start(url, options.root, {
    RECTIFY_RATE_LIMIT: '0',
    RECTIFY_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  });
  const pid = service.pid ?? 0;
  try {
    // The walk ends at acceptance and closeIssue: no sign-off chain after it (the office's setting, as in the tests'
    // closingAtAcceptance), or every close is refused (VERIFIED.leadershipApproval).
    for (const source of ISSUE_SOURCES)
      await service.gql(`mutation($s: IssueSource!) { setClosurePolicy(source: $s, steps: []) { source } }`, {
        s: source,
      });
    const runId = Date.now().toString(36).toUpperCase();
    const file = await buildHandoverList(rows, runId, new Date());
    const imported = await importList(service.base, file, () => memoryMb(pid).current);
    const importLine: ImportLine = { rows, ...imported };
    log(
      `  import: ${rows.toLocaleString('en')}-row handover list (${Math.round(file.length / 1024)} kB xlsx) in ${importLine.seconds} s ` +
        `(${importLine.rowsPerSecond.toLocaleString('en')} rows/s, ${importLine.created} created, peak RSS ${importLine.peakRssMb} MB)`,
    );

    const problems = (
      await pool.query<{ id: string; unit: string }>(
        `SELECT id, lead_unit_id AS unit FROM issues WHERE code LIKE $1 ORDER BY code`,
        [`${importPrefix(runId)}-%`],
      )
    ).rows;
    const tokens = await unitTokens(service, [...new Set(problems.map((p) => p.unit))]);
    const work: Work[] = problems.map((p) => ({ id: p.id, unitToken: tokens.get(p.unit) ?? '', step: 0 }));

    // pgbench's problems: accepted first (it reports progress, which needs RECTIFYING), then left to it alone.
    const forPgbench = work.splice(0, PGBENCH_PER_CLIENT * CONCURRENCY[CONCURRENCY.length - 1]);
    await walk(service, forPgbench, 8, Number.POSITIVE_INFINITY, 1);
    await preparePgbenchProblems(
      pool,
      forPgbench.map((w) => w.id),
    );

    // Warm-up (JIT, pools, plans), not counted.
    await walk(service, work, 4, Date.now() + 2_000);
    const idleRssMb = memoryMb(pid).current;
    const peakReset = resetPeakRss(pid);

    const eventCount = await eventCounter(pool);
    const eventsBefore = await eventCount();
    const rollbacksBefore = await rollbacks(pool);
    const levels: ConcurrencyLine[] = [];
    let acknowledged = 0;
    let serviceEvents = 0;
    let pgbenchTransactions = 0;
    let pgbenchEvents = 0;
    for (const clients of CONCURRENCY) {
      const emptyCpu0 = cpuSeconds(pid);
      const empty = await emptyQueries(service, clients, seconds);
      const emptyCpu = cpuSeconds(pid) - emptyCpu0;

      const cpu0 = { service: cpuSeconds(pid), postgres: postgresCpuSeconds(), events: await eventCount() };
      const started = performance.now();
      const latencies: number[] = [];
      const result = await walk(service, work, clients, Date.now() + seconds * 1000, STEPS.length, latencies);
      const elapsed = (performance.now() - started) / 1000;
      const serviceCpu = cpuSeconds(pid) - cpu0.service;
      const postgresCpu = postgresCpuSeconds() - cpu0.postgres;
      const written = (await eventCount()) - cpu0.events;
      acknowledged += result.acknowledged;
      serviceEvents += written;
      const serviceLine: RateLine = {
        clients,
        seconds: round(elapsed, 1),
        count: result.acknowledged,
        perSecond: Math.round(result.acknowledged / elapsed),
        latency: stat(latencies),
        errors: result.errors,
      };
      if (result.exhausted)
        log(`  (the imported problems ran out at ${clients} clients: import more rows for longer runs)`);

      const before = await eventCount();
      const raw = await runPgbench(url, clients, seconds, PGBENCH_PER_CLIENT);
      pgbenchTransactions += raw.transactions;
      // The same with no derived work at all: no trigger, and the projector held off by its own lock (it folds after).
      const bare = await withoutProjector(url, () => runPgbench(url, clients, seconds, PGBENCH_PER_CLIENT, true));
      pgbenchTransactions += bare.transactions;
      const change = await runPgbench(url, clients, seconds, PGBENCH_PER_CLIENT, false, 'publish');
      const changeBare = await withoutProjector(url, () =>
        runPgbench(url, clients, seconds, PGBENCH_PER_CLIENT, true, 'publish'),
      );
      pgbenchTransactions += change.transactions + changeBare.transactions;
      pgbenchEvents += (await eventCount()) - before;
      await foldedUp(pool);

      const line: ConcurrencyLine = {
        clients,
        service: serviceLine,
        empty,
        pgbench: raw,
        pgbenchBare: bare,
        derivedRatio: round(raw.tps / bare.tps, 3),
        pgbenchStateChange: change,
        pgbenchStateChangeBare: changeBare,
        stateChangeDerivedRatio: round(change.tps / changeBare.tps, 3),
        ratioToRaw: round(serviceLine.perSecond / raw.tps, 3),
        ratioToEmpty: round(serviceLine.perSecond / empty.perSecond, 3),
        serviceCpuSeconds: round(serviceCpu, 2),
        postgresCpuSeconds: round(postgresCpu, 2),
        transitionsPerServiceCpuSecond: Math.round(result.acknowledged / serviceCpu),
        transitionsPerPostgresCpuSecond: Math.round(result.acknowledged / postgresCpu),
        emptyQueriesPerServiceCpuSecond: Math.round(empty.count / emptyCpu),
      };
      levels.push(line);
      log(
        `  ${clients} client(s): service ${serviceLine.perSecond}/s (p50 ${serviceLine.latency.p50} ms, p99 ${serviceLine.latency.p99} ms, ` +
          `${serviceLine.errors} errors); pgbench ${raw.tps}/s (p50 ${raw.latency.p50} ms), with no derived work ${bare.tps}/s ` +
          `(with ÷ without ${line.derivedRatio}); state-changing pgbench ${change.tps}/s, with no derived work ${changeBare.tps}/s ` +
          `(${line.stateChangeDerivedRatio}); empty query ${empty.perSecond}/s; ` +
          `service ÷ raw ${line.ratioToRaw}, ÷ empty ${line.ratioToEmpty}; per CPU-second: service ${line.transitionsPerServiceCpuSecond}, ` +
          `PostgreSQL ${line.transitionsPerPostgresCpuSecond}; empty queries per service CPU-second ${line.emptyQueriesPerServiceCpuSecond}`,
      );
    }
    const webhooks = await benchWebhooks(
      service,
      CONCURRENCY.slice(1),
      async (clients) => {
        const before = await eventCount();
        const started = performance.now();
        const result = await walk(service, work, clients, Date.now() + seconds * 1000);
        acknowledged += result.acknowledged;
        serviceEvents += (await eventCount()) - before;
        return { acknowledged: result.acknowledged, seconds: (performance.now() - started) / 1000 };
      },
      log,
    );
    const peakRssMb = memoryMb(pid).peak;
    log(`  service RSS: ${idleRssMb} MB after warm-up, peak ${peakRssMb} MB during the runs`);
    const rolledBack = (await rollbacks(pool)) - rollbacksBefore;
    const versionMismatches = Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM issues i
        WHERE i.code LIKE $1 AND i.version <> (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id)`,
          [`${importPrefix(runId)}-%`],
        )
      ).rows[0].n,
    );
    const serviceErrors = levels.reduce((n, l) => n + l.service.errors + l.empty.errors, 0);
    const pgbenchFailed = levels.reduce(
      (n, l) =>
        n + l.pgbench.failed + l.pgbenchBare.failed + l.pgbenchStateChange.failed + l.pgbenchStateChangeBare.failed,
      0,
    );
    const total = (await eventCount()) - eventsBefore;
    const invariants = {
      acknowledged,
      serviceEvents,
      pgbenchTransactions,
      pgbenchEvents,
      versionMismatches,
      serviceErrors,
      pgbenchFailed,
      rollbacks: rolledBack,
      ok:
        acknowledged === serviceEvents &&
        pgbenchTransactions === pgbenchEvents &&
        total === serviceEvents + pgbenchEvents &&
        versionMismatches === 0 &&
        serviceErrors === 0 &&
        pgbenchFailed === 0,
    };
    log(`  invariants: ${invariants.ok ? 'hold' : 'BROKEN'} (${JSON.stringify(invariants)})`);
    return {
      import: importLine,
      levels,
      webhooks,
      memory: { peakRssMb, idleRssMb, peakRssResetBeforeRun: peakReset },
      invariants,
    };
  } finally {
    await service.stop();
    await pool.end();
  }
}

/** Runs `fn` while this session holds the projector's lock: no instance folds meanwhile. */
async function withoutProjector<T>(url: string, fn: () => Promise<T>): Promise<T> {
  return withClient(url, async (c) => {
    await c.query(`SELECT pg_advisory_lock($1)`, [PROJECTOR_LOCK]);
    try {
      return await fn();
    } finally {
      await c.query(`SELECT pg_advisory_unlock($1)`, [PROJECTOR_LOCK]);
    }
  });
}

/** Waits (up to a minute) for the projector to fold every finished transaction, so the next run starts level. */
async function foldedUp(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const {
      rows: [r],
    } = await pool.query<{ done: boolean }>(
      `SELECT folded_below >= pg_snapshot_xmin(pg_current_snapshot()) AS done FROM figure_projection`,
    );
    if (r.done) return;
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

/**
 * `clients` concurrent clients walk the problems through STEPS until `until` (ms since epoch) or until each has made
 * `maxSteps` steps; a problem is walked by one client at a time and returned to the queue unfinished at the end.
 */
async function walk(
  service: Service,
  queue: Work[],
  clients: number,
  until: number,
  maxSteps = STEPS.length,
  latencies: number[] = [],
): Promise<{ acknowledged: number; errors: number; exhausted: boolean }> {
  let acknowledged = 0;
  let errors = 0;
  let exhausted = false;
  const done: Work[] = [];
  const client = async () => {
    let item: Work | undefined;
    let stepsOnItem = 0;
    while (Date.now() < until) {
      if (!item) {
        item = queue.shift();
        stepsOnItem = 0;
        if (!item) {
          exhausted = true;
          break;
        }
      }
      const step = STEPS[item.step];
      const t = performance.now();
      const reply = await service.send(
        step.query,
        step.variables(item.id),
        step.who === 'unit' ? item.unitToken : BENCH_TOKEN,
      );
      latencies.push(performance.now() - t);
      if (reply.errors?.length) {
        errors++;
        if (errors <= 3) console.error(`  transition refused: ${JSON.stringify(reply.errors).slice(0, 500)}`);
      } else {
        acknowledged++;
        item.step++;
        stepsOnItem++;
      }
      if (item.step >= STEPS.length) item = undefined;
      else if (stepsOnItem >= maxSteps) {
        done.push(item);
        item = undefined;
      }
    }
    if (item) queue.unshift(item);
  };
  await Promise.all(Array.from({ length: clients }, client));
  queue.push(...done);
  return { acknowledged, errors, exhausted };
}

async function emptyQueries(service: Service, clients: number, seconds: number): Promise<RateLine> {
  const until = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        const reply = await service.send<{ __typename: string }>('{ __typename }', {}, BENCH_TOKEN);
        latencies.push(performance.now() - t);
        if (reply.data?.__typename !== 'Query') errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    clients,
    seconds: round(elapsed, 1),
    count: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    latency: stat(latencies),
    errors,
  };
}

/** One UNIT token per unit, minted by the office through GraphQL. */
async function unitTokens(service: Service, unitIds: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const unitId of unitIds) {
    const data = await service.gql<{ createToken: { token: string } }>(
      'mutation($u: ID!) { createToken(role: UNIT, unitId: $u, label: "bench") { token } }',
      { u: unitId },
    );
    tokens.set(unitId, data.createToken.token);
  }
  return tokens;
}

/** Counts log rows written since it was made (ids only grow; a rolled-back insert leaves a gap, not a row). */
async function eventCounter(pool: pg.Pool): Promise<() => Promise<number>> {
  const since = Number(
    (await pool.query<{ n: string }>(`SELECT coalesce(max(id), 0) AS n FROM issue_events`)).rows[0].n,
  );
  return async () =>
    Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM issue_events WHERE id > $1`, [since])).rows[0].n,
    );
}

async function rollbacks(pool: pg.Pool): Promise<number> {
  return Number(
    (
      await pool.query<{ n: string }>(
        `SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0].n,
  );
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const dir = benchDir(import.meta.url);
  const db = await openBenchDatabase(args.databaseUrl, args.issues, dir);
  try {
    await benchTransitions(db.url, { quick: args.quick, root: resolve(dir, '..') });
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}
