// One caller cannot starve another: while an OFFICE token sends its heaviest legal operations in concurrent loops,
// a unit's simple reads all succeed and the abuser is told to wait (429, Retry-After). The limits are on, at their
// production defaults. The p99s are printed here and measured in bench/noisy-neighbour.ts (a caller's share of the
// pool has its own test in limits.e2e-spec.ts).
// bench/noisy-neighbour.ts measures the same on the bench data set, with raw SQL beside it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { loadConfig } from '../../src/config/config.js';
import { FigureProjector } from '../../src/reports/figure-projector.service.js';
import { createToken, createUnit, type UnitRef } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const NOW = '2026-03-02T02:00:00.000Z';
const PROBLEMS = 4_000;
/** Each phase the victim is timed for, and how often it asks (its token's budget is 50 a second). */
const PHASE_MS = 5_000;
// 15 a second: its own database-time budget (300 ms a second) then holds at 20 ms a read, which a CI machine running the
// browser suites beside this one reaches; at 30 the victim was refused for its own spending, not the abuser's.
const VICTIM_PER_SECOND = 15;
/** The limits as production runs them (test-app turns them off for the other tests). */
function productionLimits(): Record<string, string> {
  const d = loadConfig({});
  return {
    RECTIFY_RATE_LIMIT: String(d.rateLimitPerSecond),
    RECTIFY_RATE_LIMIT_BURST: String(d.rateLimitBurst),
    RECTIFY_ANONYMOUS_RATE_LIMIT: String(d.anonymousRateLimitPerSecond),
    RECTIFY_COST_PER_SECOND: String(d.costPerSecond),
    RECTIFY_MAX_IN_FLIGHT: String(d.maxInFlightPerCaller),
    RECTIFY_DB_CONNECTIONS_PER_REQUEST: String(d.dbConnectionsPerRequest),
    RECTIFY_DB_READ_CONNECTIONS_PER_CALLER: String(d.dbReadConnectionsPerCaller),
    RECTIFY_DB_READ_MS_PER_SECOND: String(d.dbReadMsPerSecond),
  };
}

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: Buffer;
}

/** Kept-alive connections, as a real client holds them (supertest opens one per request). */
function poster(base: string): {
  post(token: string, query: string, variables?: Record<string, unknown>): Promise<Reply>;
  close(): void;
} {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL('/graphql', base);
  return {
    post: (token, query, variables = {}) =>
      new Promise((resolve, reject) => {
        const body = Buffer.from(JSON.stringify({ query, variables }));
        const req = httpRequest(
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
              resolve({
                status: res.statusCode ?? 0,
                retryAfter: res.headers['retry-after'],
                body: Buffer.concat(chunks),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** Found without parsing the abuser's large replies on the thread the app runs on. */
const hasErrors = (r: Reply) => r.body.includes('"errors":[');

/** Every error of the reply is RATE_LIMITED (parsed only for replies that have errors: small ones). */
const rateLimitedOnly = (r: Reply) =>
  (JSON.parse(r.body.toString('utf8')) as { errors: { extensions: { code: string } }[] }).errors.every(
    (e) => e.extensions.code === 'RATE_LIMITED',
  );

/** Nearest rank, as bench/ counts it. */
function p99(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
}

function handoverCsv(units: UnitRef[]): Buffer {
  const head = ['编号', '来源', '批次', '问题', '问题描述', '类别', '所在地', '牵头单位', '整改时限'];
  const what = [
    '沿河排污口未按要求整治，雨污混流直排',
    '养殖场粪污处理设施不完善，废水外溢',
    '建筑工地扬尘防治措施落实不到位',
    '餐饮油烟净化设施未正常运行',
  ];
  const lines = [head.join(',')];
  for (let i = 0; i < PROBLEMS; i++) {
    const w = what[i % what.length];
    lines.push(
      [
        `NN-${i + 1}`,
        '中央',
        `第${(i % 6) + 1}批`,
        w,
        `${w}，第${i + 1}处，群众反映强烈，需限期整改并举一反三`,
        '水',
        '水江镇',
        units[i % units.length].name,
        '2026-06-30',
      ].join(','),
    );
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

// The abuser's operations, each legal under the defaults; parameters change every time so nothing is answered twice.
const TERMS = ['水', '污', '河', '整改', '治理', '排', '废', '镇', '群众', '设施', '扬尘', '油烟'];
const aliases = Array.from({ length: 15 }, (_, i) => i);
const ROW =
  'total closed completedOnTime open overdue dueSoon rebounds filedInPeriod closedInPeriod closureRate onTimeRate rank';
const ABUSE: ((n: number) => { query: string; variables: Record<string, unknown> })[] = [
  // 15 × (1 + 50 × 6) = 4,515 of the 5,000 a document may cost: every page and every count read each problem's text.
  (n) => ({
    query: `query(${aliases.map((i) => `$s${i}: String`).join(', ')}) { ${aliases.map((i) => `p${i}: issues(first: 50, filter: { search: $s${i} }) { totalCount edges { node { id code title } } }`).join(' ')} }`,
    variables: Object.fromEntries(aliases.map((i) => [`s${i}`, TERMS[(n + i) % TERMS.length]])),
  }),
  // 15 counts of a text search for a cost of 30.
  (n) => ({
    query: `query(${aliases.map((i) => `$s${i}: String`).join(', ')}) { ${aliases.map((i) => `c${i}: issues(first: 1, filter: { search: $s${i} }) { totalCount }`).join(' ')} }`,
    variables: Object.fromEntries(aliases.map((i) => [`s${i}`, TERMS[(n * 3 + i) % TERMS.length]])),
  }),
  // 15 tables as of past moments off the five-minute marks, periods off midnight, children under their parents' source.
  (n) => ({
    query:
      `query(${aliases.map((i) => `$a${i}: DateTime, $p${i}: DateTime`).join(', ')}) { ` +
      `${aliases.map((i) => `t${i}: closureReport(asOf: $a${i}, periodStart: $p${i}, childrenUnderParentSource: true) { rows { unit { name } ...R } total { ...R } }`).join(' ')} } ` +
      `fragment R on ClosureRow { ${ROW} }`,
    variables: Object.fromEntries(
      aliases.flatMap((i) => {
        // Between the import (at NOW) and the clock three hours on: each reads the import's events from the log.
        const asOf = Date.parse(NOW) + (3 + ((n * 15 + i) % 170)) * 60_000 + 7_000;
        return [
          [`a${i}`, new Date(asOf).toISOString()],
          [`p${i}`, new Date(asOf - 5 * 86_400_000 - 3_600_000).toISOString()],
        ];
      }),
    ),
  }),
];
const LOOPS_PER_OPERATION = 2;

// The victim's simple reads: one of its problems, and its first page.
const ISSUE_QUERY = 'query($id: ID!) { issue(id: $id) { id code state } }';
const PAGE_QUERY =
  'query($u: ID!) { issues(first: 20, filter: { unitId: $u }) { edges { node { id code title state dueAt } } } }';

describe('a noisy neighbour', () => {
  let t: TestApp;
  let client: ReturnType<typeof poster>;
  let victim: string;
  let abuser: string;
  let unit: UnitRef;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, env: productionLimits() });
    await t.app.listen(0, '127.0.0.1');
    client = poster(`http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`);
    const units = [
      await createUnit(t, { name: '水江镇', kind: 'TOWN' }),
      await createUnit(t),
      await createUnit(t),
      await createUnit(t),
    ];
    unit = units[0];
    const imported = await request(t.app.getHttpServer())
      .post('/imports')
      .set('authorization', `Bearer ${OFFICE_TOKEN}`)
      .attach('file', handoverCsv(units), 'list.csv');
    expect([imported.status, imported.body.created, imported.body.errors]).toEqual([200, PROBLEMS, []]);
    victim = await createToken(t, 'UNIT', unit.id, '水江镇整改专班');
    abuser = await createToken(t, 'OFFICE', undefined, '脚本');
    // The log folded, as the projector's beat keeps it in service; settled statistics: neither the planner nor an
    // autovacuum run changes under the measurement.
    await t.app.get(FigureProjector).catchUp();
    await t.db.query('VACUUM ANALYZE');
    t.clock.set(new Date(Date.parse(NOW) + 3 * 3_600_000));
    const rows = (await t.db.query(`SELECT id FROM issues WHERE lead_unit_id = $1 ORDER BY filed_at DESC LIMIT 50`, [
      unit.id,
    ])) as { id: string }[];
    ids = rows.map((r) => r.id);
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await t?.close();
  });

  /** The victim's reads, one every 1000/VICTIM_PER_SECOND ms whatever the last one's reply time (an open loop). */
  async function victimReads(): Promise<{ latencies: number[]; failures: string[] }> {
    const latencies: number[] = [];
    const failures: string[] = [];
    const sent: Promise<void>[] = [];
    const interval = 1000 / VICTIM_PER_SECOND;
    const start = performance.now();
    for (let k = 0; k * interval < PHASE_MS; k++) {
      const wait = start + k * interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const began = performance.now();
      const reply =
        k % 2 === 0
          ? client.post(victim, ISSUE_QUERY, { id: ids[(k / 2) % ids.length] })
          : client.post(victim, PAGE_QUERY, { u: unit.id });
      sent.push(
        reply.then((r) => {
          latencies.push(performance.now() - began);
          if (r.status !== 200 || hasErrors(r))
            failures.push(`HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
        }),
      );
    }
    await Promise.all(sent);
    return { latencies, failures };
  }

  it("answers a unit's simple reads while an office token runs heavy reads in loops, and holds the abuser back", async () => {
    // Warm-up (plans, pools, the token cache), then the victim alone.
    for (let i = 0; i < 10; i++) {
      await client.post(victim, ISSUE_QUERY, { id: ids[i] });
      await client.post(victim, PAGE_QUERY, { u: unit.id });
    }
    const alone = await victimReads();
    expect(alone.failures).toEqual([]);

    const tally = {
      accepted: 0,
      refused: 0,
      failed: [] as string[],
      retryAfter: [] as string[],
      codes: new Set<string>(),
    };
    let stopping = false;
    let n = 0;
    const loops = ABUSE.flatMap((op) =>
      Array.from({ length: LOOPS_PER_OPERATION }, async () => {
        while (!stopping) {
          const { query, variables } = op(n++);
          const r = await client.post(abuser, query, variables);
          // Refused as a whole (429 and Retry-After), or field by field once its database time is used (RATE_LIMITED
          // errors with retryAfterSeconds, the fields it got before that answered).
          const limited = r.status === 429 || (r.status === 200 && hasErrors(r) && rateLimitedOnly(r));
          if (limited) {
            const errors = (
              JSON.parse(r.body.toString('utf8')) as {
                errors: { extensions: { code: string; retryAfterSeconds?: number } }[];
              }
            ).errors;
            const wait = r.status === 429 ? (r.retryAfter ?? '') : String(errors[0].extensions.retryAfterSeconds ?? '');
            tally.refused++;
            tally.retryAfter.push(wait);
            for (const e of errors) tally.codes.add(e.extensions.code);
            // It comes back when told: the most it may send (bench/ also measures one that ignores Retry-After).
            const until = Date.now() + Number(wait) * 1000;
            while (!stopping && Date.now() < until) await new Promise((s) => setTimeout(s, 20));
          } else if (r.status === 200 && !hasErrors(r)) {
            tally.accepted++;
          } else {
            tally.failed.push(`HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
          }
        }
      }),
    );
    await new Promise((s) => setTimeout(s, 1_000)); // its burst spent, its loops in their stride
    // How many of the service's connections are busy at once (printed with the p99s).
    const watcher = new pg.Client({ connectionString: t.databaseUrl, application_name: 'noisy-neighbour-watch' });
    await watcher.connect();
    let busiest = 0;
    const watching = (async () => {
      while (!stopping) {
        const { rows } = await watcher.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'rectify' AND state = 'active'`,
        );
        busiest = Math.max(busiest, (rows[0] as { n: number }).n);
        await new Promise((s) => setTimeout(s, 5));
      }
    })();
    const beside = await victimReads();
    stopping = true;
    await Promise.all([...loops, watching]);
    await watcher.end();

    const idle = p99(alone.latencies);
    const busy = p99(beside.latencies);
    console.log(
      `victim p99 ${idle.toFixed(1)} ms alone, ${busy.toFixed(1)} ms beside the abuser (${(busy / idle).toFixed(2)}×); ` +
        `abuser ${tally.accepted} accepted, ${tally.refused} refused (429), ${tally.failed.length} failed; at most ${busiest} of the service's connections busy at once`,
    );
    expect(beside.failures).toEqual([]);
    // The abuser is held back: refused with RATE_LIMITED and told when to come back, while it still gets answers.
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    expect([...tally.codes]).toEqual(['RATE_LIMITED']);
    expect(tally.retryAfter.every((s) => Number(s) >= 1)).toBe(true);
    expect(tally.failed).toEqual([]);
    // The p99s are reported, not asserted (a shared CI machine's tail is not the service's): bench/noisy-neighbour.ts
    // measures them, with raw SQL beside, against the goal of 2×.
  }, 30_000);
});
