// Soak: many clients send random valid and invalid events to many problems at once, through GraphQL; afterwards the
// log must replay to every stored state, every acknowledged event must be in the log exactly once, and the number of
// events must equal the sum of the versions. The workload and the checks are shared with test/e2e/soak.e2e-spec.ts
// (a short run in `npm test`); run as a script it is the long version:
//
//   npm run build && node dist/bench/soak.js [--clients 32] [--problems 500] [--seconds 60] [--instances 1]
//                                            [--database-url postgres://…]   (else SOAK_DATABASE_URL, else embedded)
//
// It starts `--instances` service processes (node dist/src/main.js) on a fresh database, spreads the clients over
// them, prints the figures and exits 1 when a check fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../test/support/processes.js';

// ---------------------------------------------------------------------------------------------
// The workload
// ---------------------------------------------------------------------------------------------

export interface GqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: GqlError[];
}

/** One GraphQL request with a bearer token; `client` says which client sends it (to spread them over instances). */
export type Gql = <T = Record<string, unknown>>(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  client?: number,
) => Promise<GqlResult<T>>;

export interface SoakOptions {
  clients: number;
  problems: number;
  units: number;
  /** Requests per client; or, when durationMs is set, until that much time has passed. */
  requestsPerClient?: number;
  durationMs?: number;
  seed: number;
  /** Share of requests sent with a bad payload or by a caller who may not. */
  invalidShare: number;
  /** Share of requests that carry the expectedVersion the client last saw (possibly stale). */
  expectedVersionShare: number;
  /** Requests in flight while the problems are set up. */
  setupConcurrency?: number;
}

export const SHORT_SOAK: SoakOptions = {
  clients: 8,
  problems: 60,
  units: 6,
  requestsPerClient: 80,
  seed: 20_260_302,
  invalidShare: 0.2,
  expectedVersionShare: 0.2,
};

export const LONG_SOAK: SoakOptions = {
  clients: 32,
  problems: 500,
  units: 20,
  durationMs: 60_000,
  seed: 20_260_302,
  invalidShare: 0.2,
  expectedVersionShare: 0.2,
  setupConcurrency: 16,
};

interface Unit {
  id: string;
  token: string;
}

/** What the clients believe of a problem: shared, and stale whenever another client got there first. */
interface Problem {
  id: string;
  lead: number;
  complaint: boolean;
  substate: string;
  version: number;
  dueAt: string;
  pending: boolean;
  /** The version right after the set-up; every later event is one a client was told succeeded. */
  baseVersion: number;
}

export interface SoakWorld {
  office: string;
  leader: string;
  units: Unit[];
  problems: Problem[];
}

export interface SoakResult {
  requests: number;
  accepted: number;
  /** First error code of each refused request. */
  codes: Record<string, number>;
  /** Replies no client should ever see: a 5xx, INTERNAL_SERVER_ERROR, an error without a code, a broken reply. */
  unexpected: string[];
  /** The versions the service answered with, per problem, for every acknowledged event. */
  acks: Map<string, number[]>;
  latenciesMs: number[];
  elapsedMs: number;
}

const ISSUE = 'id version substate dueAt pendingExtension { newDueAt }';
const DAY = 86_400_000;
/** Codes a refusal may carry in a soak: everything the contract lists for a request that is wrong or lost a race. */
export const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
]);

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

async function must<T>(gql: Gql, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(token, query, variables);
  if (r.errors?.length || !r.data) throw new Error(`set-up request failed (${r.status}): ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** Units with tokens, a leader, and problems filed and assigned (a third of them complaints), all through GraphQL. */
export async function prepareSoak(
  gql: Gql,
  office: string,
  o: SoakOptions,
  now: Date = new Date(),
): Promise<SoakWorld> {
  const tag = `${o.seed.toString(36)}${Date.now().toString(36)}`.toUpperCase();
  const units: Unit[] = [];
  await pool(
    Array.from({ length: o.units }, (_, i) => i),
    o.setupConcurrency ?? 8,
    async (i) => {
      const u = await must<{ createUnit: { id: string } }>(
        gql,
        office,
        `mutation($code: String!, $name: String!) { createUnit(code: $code, name: $name, kind: TOWN) { id } }`,
        {
          code: `SK${tag}${i}`,
          name: `压测镇${i}`,
        },
      );
      const t = await must<{ createToken: { token: string } }>(
        gql,
        office,
        `mutation($unitId: ID) { createToken(role: UNIT, unitId: $unitId, label: "压测专班") { token } }`,
        {
          unitId: u.createUnit.id,
        },
      );
      units[i] = { id: u.createUnit.id, token: t.createToken.token };
    },
  );
  const leader = (
    await must<{ createToken: { token: string } }>(
      gql,
      office,
      `mutation { createToken(role: LEADER, label: "压测领导") { token } }`,
    )
  ).createToken.token;
  const problems: Problem[] = [];
  await pool(
    Array.from({ length: o.problems }, (_, i) => i),
    o.setupConcurrency ?? 8,
    async (i) => {
      const complaint = i % 3 === 0;
      const filed = await must<{ fileIssue: { id: string } }>(
        gql,
        office,
        `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`,
        {
          input: {
            source: complaint ? 'PUBLIC_COMPLAINT' : 'CENTRAL_INSPECTION',
            title: `压测问题${i}`,
            description: '村内沟渠黑臭，生活污水直排',
            category: 'WATER',
          },
        },
      );
      const lead = i % units.length;
      const dueAt = new Date(now.getTime() + (20 + (i % 40)) * DAY).toISOString();
      const a = await must<{ assignIssue: { version: number; substate: string } }>(
        gql,
        office,
        `mutation($input: AssignInput!) { assignIssue(input: $input) { version substate } }`,
        {
          input: { issueId: filed.fileIssue.id, leadUnitId: units[lead].id, deadlineKind: 'DATE', dueAt },
        },
      );
      problems[i] = {
        id: filed.fileIssue.id,
        lead,
        complaint,
        substate: a.assignIssue.substate,
        version: a.assignIssue.version,
        dueAt,
        pending: false,
        baseVersion: a.assignIssue.version,
      };
    },
  );
  return { office, leader, units, problems };
}

type Who = 'office' | 'lead' | 'other' | 'leader';

interface Move {
  who: Who;
  mutation: string;
  variables: Record<string, unknown>;
}

const LEAD_EVENTS = ['accept', 'return', 'progress', 'extend', 'submit'];
const EVENTS_BY_STATE: Record<string, string[]> = {
  FILED: ['assign'],
  ASSIGNED: ['accept', 'return', 'reassign'],
  'RECTIFYING.inProgress': ['progress', 'progress', 'extend', 'decide', 'submit'],
  'RECTIFYING.submitted': ['verify', 'decide'],
  'VERIFIED.signedOff': ['close'],
  CLOSED: ['revisit'],
  REVISITED: ['revisit'],
};
const ALL_EVENTS = [
  'assign',
  'reassign',
  'accept',
  'return',
  'progress',
  'extend',
  'decide',
  'submit',
  'verify',
  'close',
  'revisit',
  'publish',
];

/** A random event for what the client believes the problem is in; now and then a bad payload or the wrong caller. */
function moveFor(p: Problem, world: SoakWorld, o: SoakOptions, rnd: () => number, now: number): Move {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const likely = EVENTS_BY_STATE[p.substate] ?? ALL_EVENTS;
  const event = rnd() < 0.85 ? pick(likely) : pick(ALL_EVENTS);
  const bad = rnd() < o.invalidShare;
  // Bad: half the time a payload the rules refuse, half the time a caller who may not send it.
  const badPayload = bad && rnd() < 0.5;
  const right: Who = LEAD_EVENTS.includes(event) ? 'lead' : 'office';
  const who: Who =
    bad && !badPayload ? pick(['other', 'leader', right === 'office' ? 'lead' : 'other'] as Who[]) : right;
  const future = (days: number) => new Date(now + days * DAY).toISOString();
  const text = (s: string) => (badPayload ? pick(['', '   ']) : s);
  const unit = () => world.units[(p.lead + 1 + Math.floor(rnd() * (world.units.length - 1))) % world.units.length].id;
  // The version last seen, now and then one behind on purpose: a stale one must be VERSION_CONFLICT.
  const version = rnd() < o.expectedVersionShare ? { v: rnd() < 0.25 ? p.version - 1 : p.version } : {};
  const withV = (args: string) => `${args}, expectedVersion: $v`;
  switch (event) {
    case 'assign':
    case 'reassign':
      return {
        who,
        mutation: `${event}Issue(input: $input)`,
        variables: {
          input: {
            issueId: p.id,
            leadUnitId: world.units[p.lead].id,
            deadlineKind: 'DATE',
            dueAt: badPayload ? future(-1) : future(30 + Math.floor(rnd() * 30)),
            cooperatingUnitIds: rnd() < 0.3 ? [unit()] : [],
            ...('v' in version ? { expectedVersion: version.v } : {}),
          },
        },
      };
    case 'accept':
      return { who, mutation: `acceptIssue(${withV('issueId: $id')})`, variables: { id: p.id, ...version } };
    case 'return':
      return {
        who,
        mutation: `returnIssue(${withV('issueId: $id, reason: $t')})`,
        variables: { id: p.id, t: text('不属于本单位职责'), ...version },
      };
    case 'progress':
      return {
        who,
        mutation: `reportProgress(${withV('issueId: $id, progressPercent: $n, comment: $t')})`,
        variables: {
          id: p.id,
          n: badPayload ? pick([101, -1]) : Math.floor(rnd() * 101),
          t: `完成${Math.floor(rnd() * 100)}%`,
          ...version,
        },
      };
    case 'extend':
      return {
        who,
        mutation: `requestExtension(${withV('issueId: $id, newDueAt: $e, reason: $t')})`,
        variables: {
          id: p.id,
          e: new Date(Date.parse(p.dueAt) + (badPayload ? -DAY : 30 * DAY)).toISOString(),
          t: '设备到货延迟',
          ...version,
        },
      };
    case 'decide':
      return {
        who,
        mutation: `decideExtension(${withV('issueId: $id, approve: $b')})`,
        variables: { id: p.id, b: rnd() < 0.6, ...version },
      };
    case 'submit':
      return {
        who,
        mutation: `submitRectification(${withV('issueId: $id, summary: $t, finding: $f')})`,
        variables: {
          id: p.id,
          t: text('已完成整改'),
          f: p.complaint && rnd() < 0.3 ? 'UNFOUNDED' : badPayload && !p.complaint ? 'UNFOUNDED' : null,
          ...version,
        },
      };
    case 'verify': {
      const passed = rnd() < 0.7;
      return {
        who,
        mutation: `verifyIssue(${withV('issueId: $id, passed: $b, comment: $s')})`,
        variables: { id: p.id, b: passed, s: passed ? null : text('整改不到位'), ...version },
      };
    }
    case 'close':
      return {
        who,
        mutation: `closeIssue(${withV('issueId: $id, comment: $s')})`,
        variables: { id: p.id, s: '同意销号', ...version },
      };
    case 'revisit': {
      const rebounded = rnd() < 0.4;
      return {
        who,
        mutation: `revisitIssue(${withV('issueId: $id, rebounded: $b, comment: $s, newDueAt: $d')})`,
        variables: {
          id: p.id,
          b: rebounded,
          s: rebounded ? text('问题反弹') : '回头看未反弹',
          d: rebounded ? (badPayload ? null : future(45)) : null,
          ...version,
        },
      };
    }
    default:
      return { who, mutation: `publishIssue(issueId: $id, published: $b)`, variables: { id: p.id, b: rnd() < 0.5 } };
  }
}

const VARIABLE_TYPES: Record<string, string> = {
  id: 'ID!',
  s: 'String',
  t: 'String!',
  n: 'Int!',
  d: 'DateTime',
  e: 'DateTime!',
  b: 'Boolean!',
  f: 'ComplaintFinding',
  v: 'Int',
  input: 'AssignInput!',
};

function documentOf(m: Move): string {
  const names = Object.keys(m.variables);
  const used = names.filter((n) => m.mutation.includes(`$${n}`));
  // expectedVersion: $v appears in the document whether or not this request carries one (null then).
  const declared = [...new Set([...used, ...(m.mutation.includes('$v') ? ['v'] : [])])];
  const decl = declared.map((n) => `$${n}: ${VARIABLE_TYPES[n]}`).join(', ');
  return `mutation${decl ? `(${decl})` : ''} { r: ${m.mutation} { ${ISSUE} } }`;
}

/** The clients: each sends one request at a time until its count or the duration is done. */
export async function runSoak(gql: Gql, world: SoakWorld, o: SoakOptions): Promise<SoakResult> {
  const result: SoakResult = {
    requests: 0,
    accepted: 0,
    codes: {},
    unexpected: [],
    acks: new Map(),
    latenciesMs: [],
    elapsedMs: 0,
  };
  const started = Date.now();
  const deadline = o.durationMs ? started + o.durationMs : Number.POSITIVE_INFINITY;
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const rnd = prng(o.seed * 7919 + c);
      for (let n = 0; o.durationMs ? Date.now() < deadline : n < (o.requestsPerClient ?? 100); n++) {
        const p = world.problems[Math.floor(rnd() * world.problems.length)];
        const move = moveFor(p, world, o, rnd, Date.now());
        const token =
          move.who === 'office'
            ? world.office
            : move.who === 'leader'
              ? world.leader
              : move.who === 'lead'
                ? world.units[p.lead].token
                : world.units[(p.lead + 1) % world.units.length].token;
        const t0 = performance.now();
        let reply: GqlResult<{
          r: { id: string; version: number; substate: string; dueAt: string | null; pendingExtension: unknown };
        }>;
        try {
          reply = await gql(token, documentOf(move), move.variables, c);
        } catch (e) {
          result.requests++;
          result.unexpected.push(`${move.mutation}: no reply: ${(e as Error).message}`);
          continue;
        }
        result.latenciesMs.push(performance.now() - t0);
        result.requests++;
        if (reply.status >= 500)
          result.unexpected.push(`${move.mutation}: HTTP ${reply.status} ${JSON.stringify(reply.errors)}`);
        const r = reply.data?.r;
        if (r && !reply.errors?.length) {
          result.accepted++;
          const acks = result.acks.get(p.id) ?? [];
          acks.push(r.version);
          result.acks.set(p.id, acks);
          if (r.version >= p.version)
            Object.assign(p, {
              version: r.version,
              substate: r.substate,
              dueAt: r.dueAt ?? p.dueAt,
              pending: r.pendingExtension !== null,
            });
          continue;
        }
        const err = reply.errors?.[0];
        const code = err?.extensions?.code ?? '(none)';
        result.codes[code] = (result.codes[code] ?? 0) + 1;
        if (!EXPECTED_CODES.has(code))
          result.unexpected.push(
            `${move.mutation}: ${code} (HTTP ${reply.status}): ${err?.message ?? JSON.stringify(reply)}`,
          );
        // Learn from the refusal, as a real client would.
        const ext = err?.extensions ?? {};
        if (code === 'VERSION_CONFLICT' && typeof ext.currentVersion === 'number')
          p.version = Math.max(p.version, ext.currentVersion);
        if (code === 'INVALID_TRANSITION' && typeof ext.state === 'string') p.substate = ext.state;
      }
    }),
  );
  result.elapsedMs = Date.now() - started;
  return result;
}

export interface SoakCheck {
  verifyLog: { checked: number; mismatches: unknown[] };
  events: number;
  sumOfVersions: number;
  /** Problems whose version is not their number of events, or whose seqs are not 1..version. */
  badLogs: string[];
  /** Problems whose acknowledged events are not exactly the events after the set-up (one each, none missing). */
  badAcks: string[];
}

/** The checks after a soak; `sql` reads the database directly. */
export async function checkSoak(
  gql: Gql,
  world: SoakWorld,
  result: SoakResult,
  sql: (q: string) => Promise<Record<string, unknown>[]>,
): Promise<SoakCheck> {
  const v = await gql<{ verifyLog: SoakCheck['verifyLog'] }>(
    world.office,
    '{ verifyLog { checked mismatches { issueId code storedSubstate replayedSubstate fields } } }',
  );
  if (!v.data) throw new Error(`verifyLog failed: ${JSON.stringify(v.errors)}`);
  const [totals] = await sql(
    `SELECT (SELECT count(*) FROM issue_events)::bigint AS events, (SELECT coalesce(sum(version), 0) FROM issues)::bigint AS versions`,
  );
  const logs = await sql(
    `SELECT i.id, i.version, count(e.seq)::int AS events, coalesce(array_agg(e.seq ORDER BY e.seq) FILTER (WHERE e.seq IS NOT NULL), '{}') AS seqs
       FROM issues i LEFT JOIN issue_events e ON e.issue_id = i.id GROUP BY i.id, i.version`,
  );
  const badLogs: string[] = [];
  const versionOf = new Map<string, number>();
  for (const row of logs) {
    const version = Number(row.version);
    versionOf.set(String(row.id), version);
    const seqs = (row.seqs as number[]).map(Number);
    const contiguous = seqs.length === version && seqs.every((s, i) => s === i + 1);
    if (Number(row.events) !== version || !contiguous)
      badLogs.push(`${String(row.id)}: version ${version}, ${String(row.events)} events`);
  }
  const badAcks: string[] = [];
  for (const p of world.problems) {
    const acked = [...(result.acks.get(p.id) ?? [])].sort((a, b) => a - b);
    const version = versionOf.get(p.id) ?? -1;
    const expected = Array.from({ length: version - p.baseVersion }, (_, i) => p.baseVersion + 1 + i);
    if (JSON.stringify(acked) !== JSON.stringify(expected))
      badAcks.push(
        `${p.id}: acknowledged versions ${JSON.stringify(acked)}, log after set-up ${JSON.stringify(expected)}`,
      );
  }
  return {
    verifyLog: v.data.verifyLog,
    events: Number(totals.events),
    sumOfVersions: Number(totals.versions),
    badLogs,
    badAcks,
  };
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---------------------------------------------------------------------------------------------
// The long run, as a script
// ---------------------------------------------------------------------------------------------

function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const known = ['clients', 'problems', 'units', 'seconds', 'instances', 'database-url', 'seed'];
  for (const a of args.filter((x) => x.startsWith('--'))) {
    if (!known.includes(a.slice(2).split('=')[0]))
      throw new Error(`unknown flag ${a}; known: ${known.map((k) => `--${k}`).join(' ')}`);
  }
  const num = (name: string, fallback: number) => {
    const raw = flag(args, name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const o: SoakOptions = {
    ...LONG_SOAK,
    clients: num('clients', LONG_SOAK.clients),
    problems: num('problems', LONG_SOAK.problems),
    units: num('units', LONG_SOAK.units),
    durationMs: num('seconds', LONG_SOAK.durationMs! / 1000) * 1000,
    seed: num('seed', LONG_SOAK.seed),
  };
  const instances = num('instances', 1);
  const root = resolve(
    fileURLToPath(new URL('.', import.meta.url)),
    import.meta.url.includes('/dist/') ? '../..' : '..',
  );
  const mainJs = join(root, 'dist', 'src', 'main.js');

  const pg = (await import('pg')).default;
  const { runMigrations } = await import('../src/database/migrate.js');
  const { EmbeddedDatabase } = await import('../src/database/embedded-database.js');

  const given = flag(args, 'database-url') ?? process.env.SOAK_DATABASE_URL ?? null;
  let embedded: Awaited<ReturnType<typeof EmbeddedDatabase.start>> | null = null;
  let dataDir: string | null = null;
  if (!given) {
    dataDir = mkdtempSync(join(tmpdir(), 'rectify-soak-'));
    embedded = await EmbeddedDatabase.start({ dir: join(dataDir, 'pg'), port: await freePort(), database: 'postgres' });
  }
  const serverUrl: string = given ?? embedded!.url;
  const database = `rectify_soak_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  await runMigrations(databaseUrl);

  const office = `soak-office-token-${Date.now()}`;
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const cleanup = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    const a = new pg.Client({ connectionString: serverUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await a.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      ports.push(port);
      const child = spawn(process.execPath, [mainJs], {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          RECTIFY_ADMIN_TOKEN: office,
          RECTIFY_RATE_LIMIT: '0',
          RECTIFY_COST_PER_SECOND: '0',
          RECTIFY_MAX_IN_FLIGHT: '0',
          RECTIFY_SWEEP_INTERVAL_MS: '0',
          RECTIFY_DB_POOL_SIZE: String(Math.max(10, Math.ceil(o.clients / instances) + 2)),
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    for (const port of ports) {
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        if (i > 240) throw new Error(`the service on port ${port} did not become healthy`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const gql: Gql = async (token, query, variables, client = 0) => {
      const res = await fetch(`http://127.0.0.1:${ports[client % ports.length]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json().catch(() => ({}))) as { data?: unknown; errors?: GqlError[] };
      return { status: res.status, data: (body.data ?? null) as never, errors: body.errors };
    };
    console.log(
      `soak: ${o.clients} clients, ${o.problems} problems, ${o.units} units, ${o.durationMs! / 1000} s, ${instances} instance(s)`,
    );
    const t0 = Date.now();
    const world = await prepareSoak(gql, office, o);
    console.log(`  set-up: ${Date.now() - t0} ms`);
    const result = await runSoak(gql, world, o);
    const check = await checkSoak(gql, world, result, async (q) => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        return (await c.query(q)).rows;
      } finally {
        await c.end();
      }
    });
    const rate = (result.requests / result.elapsedMs) * 1000;
    console.log(
      `  requests: ${result.requests} in ${result.elapsedMs} ms (${rate.toFixed(0)}/s), accepted ${result.accepted}`,
    );
    console.log(`  refusals by code: ${JSON.stringify(result.codes)}`);
    console.log(
      `  latency ms: p50 ${percentile(result.latenciesMs, 50).toFixed(1)}, p95 ${percentile(result.latenciesMs, 95).toFixed(1)}, p99 ${percentile(result.latenciesMs, 99).toFixed(1)}, max ${percentile(result.latenciesMs, 100).toFixed(1)}`,
    );
    console.log(
      `  log: ${check.events} events, sum of versions ${check.sumOfVersions}; verifyLog checked ${check.verifyLog.checked}, mismatches ${check.verifyLog.mismatches.length}`,
    );
    const failures = [
      ...result.unexpected.slice(0, 20).map((u) => `unexpected reply: ${u}`),
      ...check.verifyLog.mismatches.slice(0, 20).map((m) => `verifyLog mismatch: ${JSON.stringify(m)}`),
      ...(check.events === check.sumOfVersions
        ? []
        : [`events ${check.events} ≠ sum of versions ${check.sumOfVersions}`]),
      ...check.badLogs.slice(0, 20),
      ...check.badAcks.slice(0, 20),
    ];
    if (failures.length) {
      console.log(
        `FAILED (${result.unexpected.length} unexpected replies, ${check.badLogs.length} bad logs, ${check.badAcks.length} lost or doubled acknowledgements):`,
      );
      for (const f of failures) console.log(`  ${f}`);
      process.exitCode = 1;
    } else {
      console.log('  OK: no mismatch, nothing lost or doubled');
    }
  } finally {
    await cleanup();
  }
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
