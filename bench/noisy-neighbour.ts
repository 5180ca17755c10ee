// The noisy neighbour: a UNIT token's simple reads, paced like a person's client, first on an idle service and then
// while an OFFICE token sends its heaviest legal operations in several concurrent loops, under the default limits.
// Next to them, the same reads' statements sent raw with pg and the empty query `{ __typename }` on the victim's
// token: the first says whether PostgreSQL slowed down, the second whether the service's own event loop did.
// The abuser runs in a worker thread: parsing its large replies on this thread would delay the victim's clock.
// Usage: node dist/bench/noisy-neighbour.js [--issues N] [--database-url URL] [--quick]
//   (RECTIFY_MAX_IN_FLIGHT, RECTIFY_DB_CONNECTIONS_PER_REQUEST, … in the environment are passed to the service)
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import pg from 'pg';
import { addDays, shanghaiDate } from '../src/common/shanghai-time.js';
import { loadConfig } from '../src/config/config.js';
import { pageCostEstimator } from '../src/graphql/query-cost.plugin.js';
import { ISSUE_COLUMNS } from '../src/issues/issue.record.js';
import { BY_IDS } from '../src/issues/issues.repository.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { openBenchDatabase } from './database.js';
import { cpuSeconds, postgresCpuSeconds } from './proc-stats.js';
import { round, Service, stat, type Stat } from './report.bench.js';

/** The goal: the victim's p99 beside the abuser within this many times its p99 alone. */
export const NOISY_NEIGHBOUR_GOAL = 2;

type AbuseKind = 'search pages' | 'search counts' | 'past tables' | 'weekly tables';
const ABUSE_KINDS: readonly AbuseKind[] = ['search pages', 'search counts', 'past tables', 'weekly tables'];

/** How the abuser takes a 429: waits the Retry-After it is told (the most it may legally send), or sends again at once. */
export type AbuserMode = 'honours Retry-After' | 'ignores Retry-After';
const MODES: readonly AbuserMode[] = ['honours Retry-After', 'ignores Retry-After'];

export interface AbuseLine {
  kind: AbuseKind;
  /** What it asks (its parameters change every time it is sent). */
  example: string;
  /** Its page-aware cost, as the service counts it. */
  cost: number;
  /** Sent alone on the idle service, after a warm-up. */
  aloneMs: number;
  loops: number;
  /** Per mode: what its loops got while the victim was timed beside them. */
  modes: Record<AbuserMode, AbuseTally>;
}

export interface AbuseTally {
  accepted: number;
  /** HTTP 429 RATE_LIMITED (request, cost or in-flight budget). */
  refused: number;
  /** Every 429 carried Retry-After. */
  retryAfterOnEvery429: boolean;
  /** Anything else: a timeout, a 5xx, an error in a 200 reply. */
  failed: number;
  failures: string[];
  acceptedLatency: Stat | null;
}

export interface VictimLine {
  name: string;
  /** How it is sent: over HTTP with the victim's token, or its statement straight to PostgreSQL. */
  via: 'http' | 'sql';
  /** One of the victim's own reads over HTTP, which the goal is judged on (the others are references). */
  read: boolean;
  alone: Stat;
  beside: Record<AbuserMode, Stat>;
  /** beside p99 ÷ alone p99, per mode */
  ratio: Record<AbuserMode, number>;
  errors: { alone: number } & Record<AbuserMode, number>;
}

export interface PhaseLoad {
  seconds: number;
  /** CPU-seconds per second (1 = one core busy). */
  serviceCpu: number;
  postgresCpu: number;
  /** This process and its abuser thread. */
  clientCpu: number;
  /** Every process on the machine (/proc/stat): the rest is other work sharing the cores, which skews the figures. */
  machineCpu: number;
  /** Milliseconds per second the service's main thread (its event loop) was ready to run but waited for a core. */
  serviceRunQueueMs: number;
  /** The service's connections, sampled every 100 ms from pg_stat_activity: mean active (running a statement). */
  activeConnections: number;
  /** The most service connections open at one sample. */
  peakConnections: number;
}

export interface NoisyNeighbourResult {
  limits: Record<string, string>;
  /** Each phase the victim is timed for. */
  seconds: number;
  /** Victim operations sent per second, in turns (HTTP ones count against its token's request budget). */
  victimOpsPerSecond: number;
  victim: VictimLine[];
  /** The victim's reads over HTTP (its problem and its first page): the worse p99 ratio, per mode. */
  worstReadRatio: Record<AbuserMode, number>;
  abuser: AbuseLine[];
  load: { alone: PhaseLoad } & Record<AbuserMode, PhaseLoad>;
}

interface HttpReply {
  status: number;
  retryAfter: string | undefined;
  body: Buffer;
}

/** How long one request may go unanswered. */
const REPLY_TIMEOUT_MS = 90_000;

/**
 * One POST. A kept-alive socket the service closed while idle (its keep-alive timeout, after a slow abusive read) fails
 * the next request with ECONNRESET before it is sent: retried once on a new socket, as Node's documentation advises
 * (`request.reusedSocket`).
 */
function post(
  agent: Agent,
  base: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<HttpReply> {
  return postOnce(agent, base, token, query, variables).catch(
    (e: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (e.code === 'ECONNRESET' && e.reusedSocket) return postOnce(agent, base, token, query, variables);
      throw e;
    },
  );
}

function postOnce(
  agent: Agent,
  base: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<HttpReply> {
  const body = Buffer.from(JSON.stringify({ query, variables }));
  const url = new URL('/graphql', base);
  return new Promise((resolveReply, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveReply({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
    // Longer than any legal operation (the export's statement timeout): a request the service never answers fails the
    // step with this message instead of holding the run (at a million, one run waited twelve minutes on an idle service).
    req.setTimeout(REPLY_TIMEOUT_MS, () =>
      req.destroy(new Error(`no reply in ${REPLY_TIMEOUT_MS / 1000} s: ${query.slice(0, 80)}`)),
    );
    req.end(body);
  });
}

/** A 200 whose body holds GraphQL errors (found without parsing a large reply). */
const hasErrors = (body: Buffer) => body.includes('"errors":[');

/**
 * When the service held the caller back: 429 with Retry-After, or — once its database time is used — RATE_LIMITED
 * errors on the fields that had not run yet, with retryAfterSeconds. The seconds to wait, or null.
 */
function heldBack(reply: { status: number; retryAfter: string | undefined; body: Buffer }): number | null {
  if (reply.status === 429) return Math.max(1, Number(reply.retryAfter) || 1);
  if (reply.status !== 200 || !hasErrors(reply.body)) return null;
  const { errors } = JSON.parse(reply.body.toString('utf8')) as {
    errors: { extensions?: { code?: string; retryAfterSeconds?: number } }[];
  };
  if (!errors.every((e) => e.extensions?.code === 'RATE_LIMITED')) return null;
  return Math.max(1, ...errors.map((e) => e.extensions?.retryAfterSeconds ?? 1));
}

// ---- the abuser's operations: every send picks new parameters, so no cache the service keeps answers it twice ----

// One- and two-character terms: too short for the trigram indexes, so each count reads every problem's text.
const TERMS = [
  '水',
  '污',
  '河',
  '整改',
  '治理',
  '排',
  '废',
  '镇',
  '村',
  '管',
  '环境',
  '问题',
  '处置',
  '设施',
  '建设',
  '企业',
  '垃圾',
  '扬尘',
  '油烟',
  '噪',
];
const ALIASES = 15;
const ROW =
  'total closed completedOnTime open overdue dueSoon rebounds filedInPeriod closedInPeriod closureRate onTimeRate rank';

/** One of the 15 aliased fields of each operation, for the results. */
const SHAPES: Record<AbuseKind, string> = {
  'search pages': 'issues(first: 50, filter: { search: "污" }) { totalCount edges { node { id code title } } }',
  'search counts': 'issues(first: 1, filter: { search: "污" }) { totalCount }',
  'past tables':
    'closureReport(asOf: <a past moment off the marks>, periodStart: <8 days 3 hours before>, childrenUnderParentSource: true) { rows { unit { name } …12 figures } total { …12 figures } }',
  'weekly tables': 'weeklyReport(weekOf: <a past week>) { rows { unit { name } …12 figures } total { …12 figures } }',
};

interface AbuseOp {
  query: string;
  variables: Record<string, unknown>;
}

function abuseOp(kind: AbuseKind, n: number, now: number): AbuseOp {
  const aliases = Array.from({ length: ALIASES }, (_, i) => i);
  const term = (i: number) =>
    TERMS[(n * ALIASES + i) % TERMS.length] + (n % 3 === 0 ? '' : TERMS[(n + i * 7) % TERMS.length].slice(0, 1));
  switch (kind) {
    case 'search pages': {
      // 15 × (1 + 50 × (totalCount + edges + node + id code title)) = 4,515: as costly as one document may be (5,000).
      const defs = aliases.map((i) => `$s${i}: String`).join(', ');
      const fields = aliases
        .map(
          (i) => `p${i}: issues(first: 50, filter: { search: $s${i} }) { totalCount edges { node { id code title } } }`,
        )
        .join(' ');
      return {
        query: `query(${defs}) { ${fields} }`,
        variables: Object.fromEntries(aliases.map((i) => [`s${i}`, term(i)])),
      };
    }
    case 'search counts': {
      // 15 × (1 + 1 × totalCount) = 30: every match counted, fifteen times, for almost nothing of the cost budget.
      const defs = aliases.map((i) => `$s${i}: String`).join(', ');
      const fields = aliases.map((i) => `c${i}: issues(first: 1, filter: { search: $s${i} }) { totalCount }`).join(' ');
      return {
        query: `query(${defs}) { ${fields} }`,
        variables: Object.fromEntries(aliases.map((i) => [`s${i}`, term(i)])),
      };
    }
    case 'past tables': {
      // Past moments off the five-minute marks, periods starting off midnight and children under their parents'
      // source: the table's slowest paths (they read the log and the problems, not only the rollups).
      const defs = aliases.map((i) => `$a${i}: DateTime, $p${i}: DateTime`).join(', ');
      const fields = aliases
        .map(
          (i) =>
            `t${i}: closureReport(asOf: $a${i}, periodStart: $p${i}, childrenUnderParentSource: true) { rows { unit { name } ...R } total { ...R } }`,
        )
        .join(' ');
      const variables: Record<string, unknown> = {};
      for (const i of aliases) {
        const asOf = now - ((n * ALIASES + i) % 900) * 86_400_000 - 37 * 60_000 - 13_000;
        variables[`a${i}`] = new Date(asOf).toISOString();
        variables[`p${i}`] = new Date(asOf - 8 * 86_400_000 - 3 * 3_600_000).toISOString();
      }
      return { query: `query(${defs}) { ${fields} } fragment R on ClosureRow { ${ROW} }`, variables };
    }
    case 'weekly tables': {
      const defs = aliases.map((i) => `$w${i}: Date!`).join(', ');
      const fields = aliases
        .map((i) => `w${i}: weeklyReport(weekOf: $w${i}) { rows { unit { name } ...R } total { ...R } }`)
        .join(' ');
      const variables = Object.fromEntries(
        aliases.map((i) => [`w${i}`, shanghaiDate(addDays(new Date(now), -7 * (1 + ((n * ALIASES + i) % 150))))]),
      );
      return { query: `query(${defs}) { ${fields} } fragment R on ClosureRow { ${ROW} }`, variables };
    }
  }
}

// ---- the abuser's thread ----

interface AbuserData {
  role: 'noisy-neighbour-abuser';
  base: string;
  token: string;
  loops: AbuseKind[];
  mode: AbuserMode;
}

interface KindTally {
  accepted: number;
  refused: number;
  refusedWithoutRetryAfter: number;
  failed: number;
  failures: string[];
  latencies: number[];
}

async function runAbuser(data: AbuserData): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: data.loops.length });
  let stopping = false;
  parentPort?.on('message', (m: unknown) => {
    if (m === 'stop') stopping = true;
  });
  const tally = new Map<AbuseKind, KindTally>(
    ABUSE_KINDS.map((k) => [
      k,
      { accepted: 0, refused: 0, refusedWithoutRetryAfter: 0, failed: 0, failures: [], latencies: [] },
    ]),
  );
  let n = 0;
  // Each loop sends again as soon as its last reply came; after a 429, at once or after the Retry-After it was told.
  await Promise.all(
    data.loops.map(async (kind) => {
      const t = tally.get(kind)!;
      while (!stopping) {
        const op = abuseOp(kind, n++, Date.now());
        const started = performance.now();
        try {
          const reply = await post(agent, data.base, data.token, op.query, op.variables);
          const wait = heldBack(reply);
          if (wait !== null) {
            t.refused++;
            if (reply.status === 429 && !reply.retryAfter) t.refusedWithoutRetryAfter++;
            if (data.mode === 'honours Retry-After') {
              const until = Date.now() + wait * 1000;
              while (!stopping && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
            }
          } else if (reply.status === 200 && !hasErrors(reply.body)) {
            t.accepted++;
            t.latencies.push(performance.now() - started);
          } else {
            t.failed++;
            if (t.failures.length < 3)
              t.failures.push(`HTTP ${reply.status}: ${reply.body.toString('utf8').slice(0, 300)}`);
          }
        } catch (e) {
          t.failed++;
          if (t.failures.length < 3) t.failures.push((e as Error).message);
        }
      }
    }),
  );
  agent.destroy();
  parentPort?.postMessage([...tally.entries()]);
}

/** The abuser's loops in a worker thread, for `during`; then its tally. */
async function withAbuser<T>(
  data: Omit<AbuserData, 'role'>,
  during: () => Promise<T>,
): Promise<{ result: T; tally: Map<AbuseKind, KindTally> }> {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { role: 'noisy-neighbour-abuser', ...data } satisfies AbuserData,
  });
  const tally = new Promise<[AbuseKind, KindTally][]>((resolveTally, reject) => {
    worker.once('message', (m: [AbuseKind, KindTally][]) => resolveTally(m));
    worker.once('error', reject);
  });
  try {
    // Its burst spent and its loops in their stride before the victim is timed.
    await new Promise((s) => setTimeout(s, 3_000));
    const result = await during();
    worker.postMessage('stop');
    return { result, tally: new Map(await tally) };
  } finally {
    await worker.terminate();
  }
}

function tallyOf(t: KindTally): AbuseTally {
  return {
    accepted: t.accepted,
    refused: t.refused,
    retryAfterOnEvery429: t.refusedWithoutRetryAfter === 0,
    failed: t.failed,
    failures: t.failures,
    acceptedLatency: t.latencies.length ? stat(t.latencies) : null,
  };
}

// ---- the measurement ----

interface VictimOp {
  name: string;
  via: 'http' | 'sql';
  read: boolean;
  run: (k: number) => Promise<boolean>;
}

/** The ops in turns, one every 1000/rate ms whatever the last one's reply time (an open loop: no omission). */
async function paced(
  ops: VictimOp[],
  perSecond: number,
  seconds: number,
): Promise<{ samples: number[][]; errors: number[] }> {
  const samples: number[][] = ops.map(() => []);
  const errors = ops.map(() => 0);
  const pending: Promise<void>[] = [];
  const interval = 1000 / perSecond;
  const start = performance.now();
  for (let k = 0; k * interval < seconds * 1000; k++) {
    const wait = start + k * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const i = k % ops.length;
    const t = performance.now();
    pending.push(
      ops[i].run(Math.floor(k / ops.length)).then(
        (ok) => {
          samples[i].push(performance.now() - t);
          if (!ok) errors[i]++;
        },
        () => {
          errors[i]++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { samples, errors };
}

/** CPU and connections of one phase, sampled while `during` runs. */
async function loadDuring<T>(
  servicePid: number,
  url: string,
  during: () => Promise<T>,
): Promise<{ result: T; load: PhaseLoad }> {
  const sampler = new pg.Client({ connectionString: url, application_name: 'rectify-bench-sampler' });
  sampler.on('error', () => undefined);
  await sampler.connect();
  let active = 0;
  let samples = 0;
  let peak = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ active: number; open: number }>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active, count(*)::int AS open FROM pg_stat_activity WHERE application_name = 'rectify'`,
      );
      active += rows[0].active;
      peak = Math.max(peak, rows[0].open);
      samples++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const cpu0 = {
    service: cpuSeconds(servicePid),
    postgres: postgresCpuSeconds(),
    client: process.cpuUsage(),
    machine: machineCpuSeconds(),
    waited: runQueueMs(servicePid),
  };
  const t0 = performance.now();
  const result = await during();
  const elapsed = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(cpu0.client);
  const load: PhaseLoad = {
    seconds: round(elapsed, 1),
    serviceCpu: round((cpuSeconds(servicePid) - cpu0.service) / elapsed, 2),
    postgresCpu: round((postgresCpuSeconds() - cpu0.postgres) / elapsed, 2),
    clientCpu: round((client.user + client.system) / 1e6 / elapsed, 2),
    machineCpu: round((machineCpuSeconds() - cpu0.machine) / elapsed, 2),
    serviceRunQueueMs: round((runQueueMs(servicePid) - cpu0.waited) / elapsed, 1),
    activeConnections: 0,
    peakConnections: 0,
  };
  sampling = false;
  await loop;
  await sampler.end();
  load.activeConnections = round(active / Math.max(1, samples), 2);
  load.peakConnections = peak;
  return { result, load };
}

export function describeLoad(l: PhaseLoad): string {
  return (
    `CPU (cores busy) service ${l.serviceCpu}, PostgreSQL ${l.postgresCpu}, this client ${l.clientCpu}, whole machine ${l.machineCpu}; ` +
    `the service's event loop waited ${l.serviceRunQueueMs} ms a second for a core; ` +
    `service connections active ${l.activeConnections} on average, ${l.peakConnections} open at most`
  );
}

/** The section of bench/results.md. */
export function noisyNeighbourSection(n: NoisyNeighbourResult): string[] {
  const loops = n.abuser.reduce((k, a) => k + a.loops, 0);
  const [honours, ignores] = MODES;
  const load = (name: string, l: PhaseLoad) =>
    `| ${name} | ${l.serviceCpu} | ${l.postgresCpu} | ${l.clientCpu} | ${l.machineCpu} | ${l.serviceRunQueueMs} | ${l.activeConnections} / ${l.peakConnections} |`;
  const tally = (t: AbuseTally) =>
    `${t.accepted} / ${t.refused} / ${t.failed}${t.acceptedLatency ? ` (p50 ${t.acceptedLatency.p50})` : ''}`;
  return [
    '## A noisy neighbour (ms, over HTTP)',
    '',
    `A UNIT token reads its own problems — one problem, and its first page of 20 — at ${n.victimOpsPerSecond} operations a second in turns with ` +
      "the empty query on the same token and the two reads' statements sent raw with `pg` (an open loop: each is sent on time whatever the last " +
      `one's reply time), for ${n.seconds} s on the idle service, then ${n.seconds} s beside an OFFICE token running its heaviest legal operations ` +
      `in ${loops} concurrent loops: first an abuser that waits the Retry-After it is told (the most the limits let it send), then one that sends ` +
      'again at once. The abuser runs in a thread of its own; every operation changes its parameters each time. Limits: ' +
      `${Object.entries(n.limits)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}.`,
    '',
    `| the victim's operation | alone p50 | alone p99 | beside, abuser ${honours}: p50 | p99 | p99 ÷ alone | beside, abuser ${ignores}: p50 | p99 | p99 ÷ alone | errors |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...n.victim.map(
      (v) =>
        `| ${v.via === 'sql' ? v.name : `\`${v.name}\``} | ${v.alone.p50} | ${v.alone.p99} | ${v.beside[honours].p50} | ${v.beside[honours].p99} | ` +
        `${v.ratio[honours]}× | ${v.beside[ignores].p50} | ${v.beside[ignores].p99} | ${v.ratio[ignores]}× | ${v.errors.alone + v.errors[honours] + v.errors[ignores]} |`,
    ),
    '',
    `| the abuser's operation | cost | alone, ms | loops | accepted / refused (429) / failed, ${honours} | same, ${ignores} |`,
    '|---|---:|---:|---:|---:|---:|',
    ...n.abuser.map(
      (a) =>
        `| ${a.kind}: \`${a.example}\` | ${a.cost} | ${a.aloneMs} | ${a.loops} | ${tally(a.modes[honours])} | ${tally(a.modes[ignores])} |`,
    ),
    '',
    '| phase | service CPU | PostgreSQL CPU | bench client CPU | whole machine CPU | service event loop waiting for a core, ms/s | service connections active (mean) / open (max) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    load('victim alone', n.load.alone),
    load(`beside the abuser that ${honours}`, n.load[honours]),
    load(`beside the abuser that ${ignores}`, n.load[ignores]),
    '',
    'CPU in cores busy. "Waiting for a core": run-queue time of the service\'s main thread (/proc/<pid>/schedstat); the whole machine includes ' +
      'any other work on it, which skews the figures. Failed: replies with errors other than 429 (e.g. a request that waited ' +
      'RECTIFY_DB_ACQUIRE_TIMEOUT_MS for a connection).',
    '',
  ];
}

/** How long a process's main thread has waited on a run queue since it started (/proc/<pid>/schedstat), in ms. */
function runQueueMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** CPU-seconds every core of the machine has spent busy (not idle, not waiting on I/O) since boot. */
function machineCpuSeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** The limits in force: the defaults, unless this process's environment sets one (to try another setting). */
function limitEnv(): Record<string, string> {
  const d = loadConfig({});
  const value = (name: string, fallback: number) => process.env[name] ?? String(fallback);
  return {
    RECTIFY_RATE_LIMIT: value('RECTIFY_RATE_LIMIT', d.rateLimitPerSecond),
    RECTIFY_RATE_LIMIT_BURST: value('RECTIFY_RATE_LIMIT_BURST', d.rateLimitBurst),
    RECTIFY_COST_PER_SECOND: value('RECTIFY_COST_PER_SECOND', d.costPerSecond),
    RECTIFY_MAX_QUERY_COST: value('RECTIFY_MAX_QUERY_COST', d.maxQueryCost),
    RECTIFY_MAX_IN_FLIGHT: value('RECTIFY_MAX_IN_FLIGHT', d.maxInFlightPerCaller),
    RECTIFY_DB_CONNECTIONS_PER_REQUEST: value('RECTIFY_DB_CONNECTIONS_PER_REQUEST', d.dbConnectionsPerRequest),
    RECTIFY_DB_READ_CONNECTIONS_PER_CALLER: value(
      'RECTIFY_DB_READ_CONNECTIONS_PER_CALLER',
      d.dbReadConnectionsPerCaller,
    ),
    RECTIFY_DB_PARALLEL_WORKERS: value('RECTIFY_DB_PARALLEL_WORKERS', d.dbParallelWorkers),
    RECTIFY_DB_READ_MS_PER_SECOND: value('RECTIFY_DB_READ_MS_PER_SECOND', d.dbReadMsPerSecond),
    RECTIFY_DB_POOL_SIZE: value('RECTIFY_DB_POOL_SIZE', d.dbPoolSize),
    RECTIFY_READ_TIMEOUT_MS: value('RECTIFY_READ_TIMEOUT_MS', d.readTimeoutMs),
  };
}

export async function benchNoisyNeighbour(
  url: string,
  options: { quick: boolean; root: string; log?: (m: string) => void },
): Promise<NoisyNeighbourResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  const seconds = options.quick ? 15 : 45;
  const opsPerSecond = 50;
  const loopsPerKind = 2;
  const limits = limitEnv();
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'rectify-bench-sql' });
  pool.on('error', () => undefined);
  const service = await Service.start(url, options.root, limits);
  const pid = service.pid ?? 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    log(
      `  limits: ${Object.entries(limits)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    // The victim: a unit with a middling share of the problems, reading its own.
    const [unit] = (
      await pool.query<{ id: string; n: number }>(
        `SELECT lead_unit_id AS id, count(*)::int AS n FROM issues WHERE lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1 OFFSET 5`,
      )
    ).rows;
    const ids = (
      await pool.query<{ id: string }>(
        `SELECT id FROM issues WHERE lead_unit_id = $1 ORDER BY filed_at DESC LIMIT 50`,
        [unit.id],
      )
    ).rows.map((r) => r.id);
    const victimToken = (
      await service.gql<{ createToken: { token: string } }>(
        'mutation($u: ID!) { createToken(role: UNIT, unitId: $u, label: "bench victim") { token } }',
        { u: unit.id },
      )
    ).createToken.token;
    const abuserToken = (
      await service.gql<{ createToken: { token: string } }>(
        'mutation { createToken(role: OFFICE, label: "bench abuser") { token } }',
      )
    ).createToken.token;

    // The victim's two reads as SQL: the service's own statement for one problem (its repository's), and the best
    // hand-written one for a unit's first page (the two streams the service reads: led, and cooperated on).
    const byIdSql = { sql: BY_IDS.text };
    const stream = (where: string) =>
      `(SELECT ${ISSUE_COLUMNS} FROM issues i WHERE ${where} ORDER BY i.filed_at DESC, i.id DESC LIMIT 21)`;
    const pageSql = {
      sql:
        `SELECT * FROM (${stream('i.lead_unit_id = $1::uuid')} UNION ALL ` +
        `${stream('i.cooperating_unit_ids @> ARRAY[$1::uuid] AND i.lead_unit_id IS DISTINCT FROM $1::uuid')}) i ORDER BY "filedAt" DESC, id DESC LIMIT 21`,
      params: [unit.id],
    };

    const issueQuery = 'query($id: ID!) { issue(id: $id) { id code state } }';
    const pageQuery =
      'query($u: ID!) { issues(first: 20, filter: { unitId: $u }) { edges { node { id code title state dueAt } } } }';
    const httpOk = (r: HttpReply) => r.status === 200 && !hasErrors(r.body);
    const ops: VictimOp[] = [
      {
        name: 'its problem: issue(id) { id code state }',
        via: 'http',
        read: true,
        run: (k) => post(agent, service.base, victimToken, issueQuery, { id: ids[k % ids.length] }).then(httpOk),
      },
      {
        name: 'its first page: issues(first: 20, filter: { unitId })',
        via: 'http',
        read: true,
        run: () => post(agent, service.base, victimToken, pageQuery, { u: unit.id }).then(httpOk),
      },
      {
        name: 'the empty query { __typename }',
        via: 'http',
        read: false,
        run: () => post(agent, service.base, victimToken, '{ __typename }', {}).then(httpOk),
      },
      {
        name: "issue(id)'s statement, raw",
        via: 'sql',
        read: false,
        run: (k) => pool.query(byIdSql.sql, [[ids[k % ids.length]]]).then((r) => r.rowCount === 1),
      },
      {
        name: 'the first page, hand-written SQL',
        via: 'sql',
        read: false,
        run: () => pool.query(pageSql.sql, pageSql.params).then((r) => (r.rowCount ?? 0) > 0),
      },
    ];

    // Warm-up: plans, pools, the token cache; then each abusive operation alone, which also proves it legal.
    await paced(ops, opsPerSecond, 2);
    const probes = new Map<AbuseKind, { cost: number; ms: number; example: string }>();
    for (const [i, kind] of ABUSE_KINDS.entries()) {
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        // One second apart: the cost budget refills, so a refusal here means the operation itself is not legal.
        await new Promise((s) => setTimeout(s, 1_000));
        const op = abuseOp(kind, 1_000_000 + i * 10 + r, Date.now());
        const t = performance.now();
        let reply = await post(agent, service.base, abuserToken, op.query, op.variables);
        // Its database time used by the probes before: waited for, as the abuser that honours Retry-After would.
        for (let wait = heldBack(reply); wait !== null; wait = heldBack(reply)) {
          await new Promise((s) => setTimeout(s, wait! * 1000));
          reply = await post(agent, service.base, abuserToken, op.query, op.variables);
        }
        times.push(performance.now() - t);
        if (!httpOk(reply))
          throw new Error(
            `the abusive operation "${kind}" is not legal under these limits: HTTP ${reply.status} ${reply.body.toString('utf8').slice(0, 500)}`,
          );
      }
      probes.set(kind, {
        cost: costOf(abuseOp(kind, 0, Date.now()), options.root),
        ms: round(stat(times.slice(1)).p50, 1),
        example: `${ALIASES} × ${SHAPES[kind]}`,
      });
      log(`  abusive "${kind}" alone: ${probes.get(kind)!.ms} ms, cost ${probes.get(kind)!.cost}`);
    }
    await new Promise((s) => setTimeout(s, 2_000));

    const alone = await loadDuring(pid, url, () => paced(ops, opsPerSecond, seconds));
    log(`  alone: ${describeLoad(alone.load)}`);
    const loops = ABUSE_KINDS.flatMap((k) => Array<AbuseKind>(loopsPerKind).fill(k));
    const beside = new Map<
      AbuserMode,
      { samples: number[][]; errors: number[]; load: PhaseLoad; tally: Map<AbuseKind, KindTally> }
    >();
    for (const mode of MODES) {
      const { result, tally } = await withAbuser({ base: service.base, token: abuserToken, loops, mode }, () =>
        loadDuring(pid, url, () => paced(ops, opsPerSecond, seconds)),
      );
      beside.set(mode, { ...result.result, load: result.load, tally });
      log(`  beside the abuser that ${mode}: ${describeLoad(result.load)}`);
      // The abuser's work in flight drains before the next phase.
      await new Promise((r) => setTimeout(r, 3_000));
    }
    const phase = (mode: AbuserMode) => beside.get(mode)!;

    const victim: VictimLine[] = ops.map((op, i) => {
      const a = stat(alone.result.samples[i]);
      const b = Object.fromEntries(MODES.map((m) => [m, stat(phase(m).samples[i])])) as Record<AbuserMode, Stat>;
      return {
        name: op.name,
        via: op.via,
        read: op.read,
        alone: a,
        beside: b,
        ratio: Object.fromEntries(MODES.map((m) => [m, round(b[m].p99 / a.p99, 2)])) as Record<AbuserMode, number>,
        errors: {
          alone: alone.result.errors[i],
          ...(Object.fromEntries(MODES.map((m) => [m, phase(m).errors[i]])) as Record<AbuserMode, number>),
        },
      };
    });
    for (const v of victim) {
      log(
        `  victim ${v.name}: alone p50 ${v.alone.p50} p99 ${v.alone.p99} ms; ` +
          MODES.map(
            (m) => `beside the abuser that ${m} p50 ${v.beside[m].p50} p99 ${v.beside[m].p99} ms (×${v.ratio[m]})`,
          ).join('; ') +
          `; errors ${[v.errors.alone, ...MODES.map((m) => v.errors[m])].join(' / ')}`,
      );
    }
    const abuser: AbuseLine[] = ABUSE_KINDS.map((kind) => {
      const p = probes.get(kind)!;
      const modes = Object.fromEntries(MODES.map((m) => [m, tallyOf(phase(m).tally.get(kind)!)])) as Record<
        AbuserMode,
        AbuseTally
      >;
      return { kind, example: p.example, cost: p.cost, aloneMs: p.ms, loops: loopsPerKind, modes };
    });
    for (const a of abuser) {
      for (const m of MODES) {
        const t = a.modes[m];
        log(
          `  abuser "${a.kind}" (${a.loops} loops, ${m}): ${t.accepted} accepted (p50 ${t.acceptedLatency?.p50 ?? '—'} ms), ${t.refused} refused (429), ` +
            `${t.failed} failed${t.failures.length ? `: ${t.failures[0]}` : ''}`,
        );
      }
    }
    const reads = victim.filter((v) => v.read);
    const worstReadRatio = Object.fromEntries(
      MODES.map((m) => [m, Math.max(...reads.map((v) => v.ratio[m]))]),
    ) as Record<AbuserMode, number>;
    log(
      `  noisy neighbour: the victim's reads' p99 beside the abuser ÷ alone, worst: ` +
        MODES.map((m) => `×${worstReadRatio[m]} when it ${m}`).join(', ') +
        ` (goal ≤ ${NOISY_NEIGHBOUR_GOAL}×)`,
    );
    return {
      limits,
      seconds,
      victimOpsPerSecond: opsPerSecond,
      victim,
      worstReadRatio,
      abuser,
      load: {
        alone: alone.load,
        ...(Object.fromEntries(MODES.map((m) => [m, phase(m).load])) as Record<AbuserMode, PhaseLoad>),
      },
    };
  } finally {
    agent.destroy();
    await service.stop();
    await pool.end();
  }
}

/** The operation's cost as the service counts it: its own estimator over the committed schema, with the variables. */
function costOf(op: AbuseOp, root: string): number {
  const schema = buildSchema(readFileSync(join(root, 'schema.gql'), 'utf8'));
  const config = loadConfig({});
  return getComplexity({
    schema,
    query: parse(op.query),
    variables: op.variables,
    estimators: [pageCostEstimator(50, config.maxPageSize)],
  });
}

if (!isMainThread && (workerData as Partial<AbuserData> | null)?.role === 'noisy-neighbour-abuser') {
  await runAbuser(workerData as AbuserData);
} else if (isMain(import.meta.url)) {
  const args = parseArgs();
  const dir = benchDir(import.meta.url);
  const db = await openBenchDatabase(args.databaseUrl, args.issues, dir);
  try {
    await benchNoisyNeighbour(db.url, { quick: args.quick, root: resolve(dir, '..') });
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}
