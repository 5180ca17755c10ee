// Two service processes (`node dist/src/main.js`, two ports) on ONE database: the race tests split over both, and the
// deadline sweep running in both. Nothing in memory may matter: no event lost, none doubled, each rung once.
// Uses the build (`npm test` builds first). Every process started here is stopped in afterAll, by its pid.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { assign, createUnitWithToken, fileIssue, issueIn, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';
import { freePort, sleep, startService, waitHealthy, type Service } from '../support/processes.js';

const DAY = 86_400_000;
const N = 20;
/** The sweep's advisory lock (src/scheduler/deadline-sweep.service.ts): held by the test while it files, so both start together. */
const SWEEP_LOCK = 7_263_003;
const SWEEP_MS = 200;

interface Reply<T> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions: { code: string; [k: string]: unknown } }[];
}

describe('two service processes on one database', () => {
  let t: TestApp;
  let lead: UnitWithToken;
  const instances: Service[] = [];
  const realNow = Date.now();

  function start(databaseUrl: string, port: number): Service {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RECTIFY_ADMIN_TOKEN: OFFICE_TOKEN,
      RECTIFY_RATE_LIMIT: '0',
      RECTIFY_SWEEP_INTERVAL_MS: String(SWEEP_MS),
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
    };
    delete env.TEST_DATABASE_URL;
    return startService(env, port);
  }

  async function gql<T>(
    which: number,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<Reply<T>> {
    const res = await fetch(`http://127.0.0.1:${instances[which % instances.length].port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T | null; errors?: Reply<T>['errors'] };
    return { status: res.status, data: body.data ?? null, errors: body.errors };
  }

  async function logOf(id: string): Promise<{
    version: number;
    substate: string;
    escalationLevel: string;
    events: { seq: number; type: string; actor: string }[];
  }> {
    const r = await gql<{ issue: Awaited<ReturnType<typeof logOf>> }>(
      0,
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { version substate escalationLevel events { seq type actor } } }`,
      { id },
    );
    if (!r.data?.issue) throw new Error(`issue ${id}: ${JSON.stringify(r.errors)}`);
    return r.data.issue;
  }

  beforeAll(async () => {
    // A database of its own copied from the template (CREATE DATABASE … TEMPLATE, the run's template). The in-process
    // app sets up units and problems on a clock 40 days back, so that some deadlines are already long past for the
    // instances, which run on the real clock.
    t = await createTestApp({ now: new Date(realNow - 40 * DAY).toISOString() });
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    const ports = [await freePort(), await freePort()];
    instances.push(start(t.databaseUrl, ports[0]), start(t.databaseUrl, ports[1]));
    await Promise.all(instances.map((s) => waitHealthy(s)));
  }, 90_000);

  afterAll(async () => {
    for (const s of instances) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.race([
      Promise.all(instances.map((s) => s.exited)),
      new Promise((r) => setTimeout(r, 15_000).unref()),
    ]);
    for (const s of instances) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await t?.close();
  }, 30_000);

  const farFuture = () => new Date(realNow + 60 * DAY).toISOString();

  it(`lets exactly one of ${N} concurrent accepts, split over both instances, through`, async () => {
    const issue = await issueIn(t, 'ASSIGNED', lead, { dueAt: farFuture() });
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        gql<{ r: { version: number } }>(
          i,
          lead.token,
          `mutation($id: ID!) { r: acceptIssue(issueId: $id) { version substate } }`,
          { id: issue.id },
        ),
      ),
    );
    const wins = replies.filter((r) => !r.errors && r.data?.r);
    expect(wins).toHaveLength(1);
    expect(replies.filter((r) => r.errors).map((r) => r.errors![0].extensions.code)).toEqual(
      Array.from({ length: N - 1 }, () => 'INVALID_TRANSITION'),
    );
    const log = await logOf(issue.id);
    expect(log.events.map((e) => e.type)).toEqual(['file', 'assign', 'accept']);
    expect(log.version).toBe(3);
  });

  it(`loses none of ${N} concurrent progress reports split over both instances`, async () => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { dueAt: farFuture() });
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        gql<{ r: { version: number } }>(
          i,
          lead.token,
          `mutation($id: ID!, $p: Int!, $c: String!) { r: reportProgress(issueId: $id, progressPercent: $p, comment: $c) { version } }`,
          {
            id: issue.id,
            p: (i * 5) % 101,
            c: `第${i + 1}次进展（实例${i % 2}）`,
          },
        ),
      ),
    );
    expect(replies.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const versions = replies.map((r) => r.data!.r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: N }, (_, i) => issue.version + 1 + i));
    const log = await logOf(issue.id);
    expect(log.version).toBe(issue.version + N);
    expect(log.events.filter((e) => e.type === 'reportProgress')).toHaveLength(N);
    expect(log.events.map((e) => e.seq)).toEqual(Array.from({ length: issue.version + N }, (_, i) => i + 1));
    // Each event is stamped once it holds the row: the log runs forward in time (figures as of a moment rely on it).
    const backwards = (await t.db.query(
      `SELECT count(*)::int AS n FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM issue_events WHERE issue_id = $1) x WHERE back`,
      [issue.id],
    )) as { n: number }[];
    expect(backwards[0].n).toBe(0);
  });

  it(`lets exactly one of ${N} reports with the same expectedVersion through; the rest are VERSION_CONFLICT, on both instances`, async () => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { dueAt: farFuture() });
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        gql<{ r: { version: number } }>(
          i,
          lead.token,
          `mutation($id: ID!, $v: Int) { r: reportProgress(issueId: $id, progressPercent: 50, comment: "并发", expectedVersion: $v) { version } }`,
          {
            id: issue.id,
            v: issue.version,
          },
        ),
      ),
    );
    expect(replies.filter((r) => !r.errors)).toHaveLength(1);
    expect(replies.filter((r) => r.errors)).toHaveLength(N - 1);
    for (const r of replies.filter((x) => x.errors))
      expect(r.errors![0].extensions).toEqual({ code: 'VERSION_CONFLICT', currentVersion: issue.version + 1 });
  });

  it('escalates with both instances sweeping: each rung exactly once, in order', async () => {
    // Relative to the real clock the instances run on: 35 days overdue → 预警, 督办, 挂牌督办; 5 days overdue → 预警, 督办;
    // due in 3 days → 预警; due in 20 days, long-term, submitted → nothing.
    const cases: {
      dueInDays: number | null;
      state: 'ASSIGNED' | 'RECTIFYING.inProgress' | 'RECTIFYING.submitted';
      rungs: string[];
    }[] = [];
    for (let i = 0; i < 4; i++) {
      cases.push({
        dueInDays: -35,
        state: i % 2 ? 'RECTIFYING.inProgress' : 'ASSIGNED',
        rungs: ['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION'],
      });
      cases.push({
        dueInDays: -5,
        state: i % 2 ? 'RECTIFYING.inProgress' : 'ASSIGNED',
        rungs: ['WARNING', 'SUPERVISION'],
      });
      cases.push({ dueInDays: 3, state: 'ASSIGNED', rungs: ['WARNING'] });
    }
    cases.push(
      { dueInDays: 20, state: 'ASSIGNED', rungs: [] },
      { dueInDays: null, state: 'ASSIGNED', rungs: [] },
      { dueInDays: -35, state: 'RECTIFYING.submitted', rungs: [] },
    );

    // Hold the sweep's lock while filing, so that neither instance sweeps a half-built set.
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    const ids: string[] = [];
    try {
      await locker.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK]);
      for (const c of cases) {
        if (c.dueInDays === null) {
          const filed = await fileIssue(t);
          await assign(t, filed.id, lead.id, { deadlineKind: 'LONG_TERM' });
          ids.push(filed.id);
        } else {
          ids.push(
            (await issueIn(t, c.state, lead, { dueAt: new Date(realNow + c.dueInDays * DAY).toISOString() })).id,
          );
        }
      }
    } finally {
      await locker.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]).catch(() => undefined);
      await locker.end();
    }

    // Until every problem has reached its rung, then a good many more sweeps by both.
    const deadline = Date.now() + 15_000;
    const reached = async () => {
      const levels = await Promise.all(ids.map(async (id) => (await logOf(id)).escalationLevel));
      return levels.every((l, i) => l === (cases[i].rungs.at(-1) ?? 'NONE'));
    };
    while (!(await reached()) && Date.now() < deadline) await sleep(SWEEP_MS);
    await sleep(SWEEP_MS * 8);

    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM issue_events WHERE type = 'escalate' AND actor = 'system:deadline-sweep'`,
    )) as { n: number }[];
    for (const [i, id] of ids.entries()) {
      const rows = (await t.db.query(
        `SELECT payload->>'level' AS level FROM issue_events WHERE issue_id = $1 AND type = 'escalate' ORDER BY seq`,
        [id],
      )) as { level: string }[];
      expect({ case: cases[i], levels: rows.map((r) => r.level) }).toEqual({ case: cases[i], levels: cases[i].rungs });
    }
    expect(n).toBe(cases.reduce((s, c) => s + c.rungs.length, 0));
  }, 30_000);

  it('leaves one log that replays to every state, with events = sum of versions', async () => {
    for (const which of [0, 1]) {
      const r = await gql<{ verifyLog: { checked: number; mismatches: unknown[] } }>(
        which,
        OFFICE_TOKEN,
        '{ verifyLog { checked mismatches { issueId fields } } }',
      );
      expect(r.data?.verifyLog.mismatches).toEqual([]);
    }
    const [row] = (await t.db.query(
      `SELECT (SELECT count(*) FROM issue_events)::int AS events, (SELECT sum(version) FROM issues)::int AS versions`,
    )) as { events: number; versions: number }[];
    expect(row.events).toBe(row.versions);
  });

  it('refuses a token revoked through one instance on the other too: each keeps tokens in memory, the revocation is announced', async () => {
    const minted = await gql<{ createToken: { token: string } }>(
      0,
      OFFICE_TOKEN,
      `mutation { createToken(role: LEADER, label: "跨实例吊销") { token } }`,
    );
    const token = minted.data!.createToken.token;
    const me = async (which: number) =>
      (await gql<{ me: { role: string } }>(which, token, '{ me { role } }')).errors?.[0].extensions.code ?? 'OK';
    expect([await me(0), await me(1), await me(0), await me(1)]).toEqual(['OK', 'OK', 'OK', 'OK']); // both now hold it
    const listed = await gql<{ tokens: { id: string; label: string | null }[] }>(
      1,
      OFFICE_TOKEN,
      '{ tokens { id label } }',
    );
    const id = listed.data!.tokens.find((x) => x.label === '跨实例吊销')!.id;
    const revoked = await gql(0, OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { revokedAt } }`, { id });
    expect(revoked.errors).toBeUndefined();
    expect(await me(0)).toBe('UNAUTHENTICATED');
    const since = Date.now();
    while ((await me(1)) !== 'UNAUTHENTICATED' && Date.now() - since < 2000) await sleep(10);
    expect(await me(1)).toBe('UNAUTHENTICATED');
  });
});
