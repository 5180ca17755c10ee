// No single request stalls the service: documents are refused for about what parsing them costs, page sizes count from
// variables too, unknown tokens spend nothing but their address's shared budget, every 429 says when to come back, and
// a request's statements and connections are bounded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { describeError } from '../../src/graphql/error-description.js';
import { databaseTimeBudget } from '../../src/limits/caller-limits.js';
import { runInScope } from '../../src/limits/request-scope.js';
import { CITY_WIDE } from '../../src/tenancy/district-scope.js';
import { Semaphore, withTimeout } from 'async-mutex';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const post = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  request(t.app.getHttpServer())
    .post('/graphql')
    .set({ 'content-type': 'application/json', authorization: `Bearer ${OFFICE_TOKEN}`, ...headers })
    .send(body as object);

/** Fragment F<k> spreads F<k-1> twice: walked without memory, its cost doubles with each level. */
function nestedSpreads(levels: number): string {
  const defs = [`fragment F0 on Issue { id code title }`];
  for (let k = 1; k <= levels; k++) defs.push(`fragment F${k} on Issue { ...F${k - 1} ...F${k - 1} }`);
  return `{ issues(first: 1) { edges { node { ...F${levels} } } } } ${defs.join(' ')}`;
}

describe('document limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a document of nested fragment spreads quickly, while /health keeps answering', async () => {
    const doc = nestedSpreads(40); // 2^40 walks for a rule without memory
    expect(doc.length).toBeLessThan(2_000);
    const started = Date.now();
    const [res, health] = await Promise.all([post(t, { query: doc }), request(t.app.getHttpServer()).get('/health')]);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(res.body.data).toBeUndefined();
    expect(health.status).toBe(200);
    // A bound far above parsing (~ms) and far below the exponential walk (hours).
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts a page size given by a variable as the same literal would', async () => {
    const page = (first: string) =>
      `issues(first: ${first}) { edges { node { children { children { events { seq type actor at comment unit { name code kind } } } } } } }`;
    const aliases = (first: string) => Array.from({ length: 8 }, (_, i) => `a${i}: ${page(first)}`).join(' ');
    const literal = await post(t, { query: `{ ${aliases('200')} }` });
    expect(literal.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    const variable = await post(t, { query: `query($n: Int) { ${aliases('$n')} }`, variables: { n: 200 } });
    expect(variable.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    const small = await post(t, { query: `query($n: Int) { ${aliases('$n')} }`, variables: { n: 10 } });
    expect(small.body.errors).toBeUndefined();
  });

  it('refuses more aliases than RECTIFY_MAX_ALIASES, however cheap each is', async () => {
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `c${i}: issues(filter: { search: "黑臭" }) { totalCount }`).join(' ')} }`;
    const many = await post(t, { query: aliased(60) });
    expect(many.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    // Hundreds do not get as far: the document is past the token limit.
    expect((await post(t, { query: aliased(300) })).status).toBe(400);
    const fine = await post(t, { query: aliased(15) });
    expect(fine.body.errors).toBeUndefined();
  });

  it('refuses documents over the token limit as they are parsed', async () => {
    const huge = `{ ${Array.from({ length: 3_000 }, () => 'me { role }').join(' ')} }`;
    const res = await post(t, { query: huge });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/tokens/);
  });

  it('answers persisted-query misuse as a client error, not a 500', async () => {
    for (const extensions of [
      { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      { persistedQuery: { version: 2, sha256Hash: 'x'.repeat(64) } },
      { persistedQuery: 'x' },
    ]) {
      const res = await post(t, { extensions });
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toContain('INTERNAL_SERVER_ERROR');
    }
  });

  it('sends no X-Powered-By', async () => {
    const res = await post(t, { query: '{ me { role } }' });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await createTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => prod.close());

  it('suggests no field names (they would spell out the schema)', async () => {
    const res = await post(prod, { query: '{ issuse { totalCount } me { rol } }' });
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/Did you mean|"issues"|"role"/);
  });
});

describe('budgets: authenticate before spending', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RECTIFY_RATE_LIMIT: '5',
        RECTIFY_RATE_LIMIT_BURST: '5',
        RECTIFY_ANONYMOUS_RATE_LIMIT: '3',
        RECTIFY_ANONYMOUS_RATE_LIMIT_BURST: '6',
      },
    });
  });
  afterAll(() => t.close());

  const anonymous = (path: string, headers: Record<string, string> = {}) =>
    path === '/graphql'
      ? request(t.app.getHttpServer())
          .post('/graphql')
          .set({ 'content-type': 'application/json', ...headers })
          .send({ query: '{ publicIssues { totalCount } }' })
      : request(t.app.getHttpServer()).get(path).set(headers);

  it('refuses an unknown bearer before any key is claimed, and random bearers share their address’s budget', async () => {
    const replies = [];
    for (let i = 0; i < 12; i++) {
      replies.push(
        await post(
          t,
          { query: 'mutation { createUnit(code: "X", name: "x", kind: OTHER) { id } }' },
          {
            authorization: `Bearer rct_${randomBytes(16).toString('hex')}`,
            'idempotency-key': `k-${i}`,
          },
        ),
      );
    }
    const statuses = replies.map((r) => r.status);
    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(replies[0].body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(statuses.slice(6)).toContain(429);
    const limited = replies.find((r) => r.status === 429)!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys`)) as { n: number }[];
    expect(n).toBe(0);
  });

  it('limits the REST endpoints like GraphQL, with Retry-After on every 429', async () => {
    const fresh = await createTestApp({
      env: { RECTIFY_ANONYMOUS_RATE_LIMIT: '2', RECTIFY_ANONYMOUS_RATE_LIMIT_BURST: '2' },
    });
    try {
      // Sent at once, so they fall in one window however long a loaded machine takes to build each workbook.
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => request(fresh.app.getHttpServer()).get('/imports/template.xlsx')),
      );
      const statuses = replies.map((r) => r.status).sort();
      // the burst of 2 (a third only if the one-second window turned while they arrived), the rest refused
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      const limited = replies.find((r) => r.status === 429);
      expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited?.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      // /health is never limited.
      expect((await request(fresh.app.getHttpServer()).get('/health')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('serves the dashboard’s files past the address’s budget, and they spend none of it', async () => {
    const fresh = await createTestApp({
      env: { RECTIFY_ANONYMOUS_RATE_LIMIT: '2', RECTIFY_ANONYMOUS_RATE_LIMIT_BURST: '2' },
    });
    try {
      const server = fresh.app.getHttpServer();
      const files = ['/', '/public', '/assets/app.js', '/assets/style.css', '/assets/echarts.min.js'];
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          request(server)
            .get(files[i % files.length])
            .then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(30).fill(200));
      // A missing file is still a 404 of its own, not a gate's refusal.
      expect((await request(server).get('/assets/nothing.js')).status).toBe(404);
      // The address's budget is whole: its two API calls pass, the third is refused.
      const api = [];
      for (let i = 0; i < 3; i++) api.push((await request(server).get('/imports/template.xlsx')).status);
      expect(api).toEqual([200, 200, 429]);
    } finally {
      await fresh.close();
    }
  });

  it('gives a known token its own budget: its 429 carries Retry-After too', async () => {
    // (On an address whose shared budget is spent, a token the instance has not seen yet waits like an unknown one.)
    await new Promise((r) => setTimeout(r, 2_100));
    const { token } = await t.app.get(AuthService).mint('LEADER', null, '区领导', null);
    const replies = [];
    for (let i = 0; i < 7; i++)
      replies.push(await post(t, { query: '{ me { role } }' }, { authorization: `Bearer ${token}` }));
    expect(replies.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const limited = replies.find((r) => r.status === 429)!;
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Anonymous traffic from the same address has a budget of its own.
    expect((await anonymous('/graphql')).status).toBe(200);
  });
});

describe('the cost budget', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RECTIFY_COST_PER_SECOND: '400', RECTIFY_MAX_QUERY_COST: '1000' } });
  });
  afterAll(() => t.close());

  it('charges each operation its cost: past the budget, RATE_LIMITED with Retry-After', async () => {
    const q = `{ issues(first: 100) { edges { node { id code title } } } }`; // 1 + 100 × (1 + 1 + 3) = 501
    const first = await post(t, { query: q });
    expect(first.body.errors).toBeUndefined();
    const second = await post(t, { query: q });
    expect(second.status).toBe(429);
    expect(second.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A cheap read of another token is not affected.
    const { token } = await t.app.get(AuthService).mint('LEADER', null, '区领导', null);
    expect(
      (await post(t, { query: '{ me { role } }' }, { authorization: `Bearer ${token}` })).body.errors,
    ).toBeUndefined();
  });
});

describe('the pool, shared fairly and bounded', () => {
  let t: TestApp;
  let db: DataSource;
  const timeouts = { read: 150, write: 150, export: 2_000, import: 2_000, background: 2_000 };

  beforeAll(async () => {
    t = await createTestApp();
    db = new DataSource(
      dataSourceOptions(t.databaseUrl, 6, 0, {
        acquireTimeoutMs: 1_000,
        timeouts,
        readConnectionsPerCaller: 0,
        parallelWorkers: 0,
      }),
    );
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await t.close();
  });

  const share = (n: number) => withTimeout(new Semaphore(n), 1_000, new Error('share wait'));

  it('lets one request hold only its share of connections, leaving the rest to others', async () => {
    const scope = { callerKey: 'token:a', kind: 'read' as const, connections: share(2), district: CITY_WIDE };
    const busy = runInScope(scope, () =>
      Promise.all(Array.from({ length: 8 }, () => db.query('SELECT pg_sleep(0.05)'))),
    );
    await new Promise((r) => setTimeout(r, 20));
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(0.05)' AND state = 'active'`,
    )) as { n: number }[];
    expect(n).toBeLessThanOrEqual(2);
    expect(n).toBeGreaterThan(0);
    // Another request gets a connection at once, though the first still has queries queued.
    const started = Date.now();
    await runInScope({ callerKey: 'token:b', kind: 'read', connections: share(2), district: CITY_WIDE }, () =>
      db.query('SELECT 1'),
    );
    expect(Date.now() - started).toBeLessThan(45);
    await busy;
  });

  it('lets callers take turns for a busy pool: one caller’s queue never stands between another and the next connection', async () => {
    const small = new DataSource(
      dataSourceOptions(t.databaseUrl, 2, 0, {
        acquireTimeoutMs: 5_000,
        timeouts,
        readConnectionsPerCaller: 0,
        parallelWorkers: 0,
      }),
    );
    await small.initialize();
    try {
      // Caller A: twelve requests of a 100 ms statement each, two connections at a time: 600 ms of queue.
      const a = Promise.all(
        Array.from({ length: 12 }, () =>
          runInScope({ callerKey: 'token:a', kind: 'read', connections: share(2), district: CITY_WIDE }, () =>
            small.query('SELECT pg_sleep(0.1)'),
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, 30));
      const started = Date.now();
      await runInScope({ callerKey: 'token:b', kind: 'read', connections: share(2), district: CITY_WIDE }, () =>
        small.query('SELECT 1'),
      );
      const waited = Date.now() - started;
      // B is served at the first connection A gives back (~100 ms), not after A's whole queue.
      expect(waited).toBeLessThan(300);
      await a;
    } finally {
      await small.destroy();
    }
  });

  it('lets one caller’s reads hold only its share of connections, however many requests it sends; its writes are not held back', async () => {
    const shared = new DataSource(
      dataSourceOptions(t.databaseUrl, 6, 0, {
        acquireTimeoutMs: 5_000,
        timeouts: { ...timeouts, read: 2_000, write: 2_000 }, // its statements sleep 0.3 s
        readConnectionsPerCaller: 1,
        parallelWorkers: 0,
      }),
    );
    await shared.initialize();
    const active = async (sql: string) =>
      (
        (await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND state = 'active'`,
          [sql],
        )) as {
          n: number;
        }[]
      )[0].n;
    try {
      const READ = 'SELECT pg_sleep(0.3)';
      const WRITE = 'SELECT pg_sleep(0.301)';
      const reads = Promise.all(
        Array.from({ length: 4 }, () =>
          runInScope({ callerKey: 'token:a', kind: 'read', connections: share(2), district: CITY_WIDE }, () =>
            shared.query(READ),
          ),
        ),
      );
      const writes = Promise.all(
        Array.from({ length: 2 }, () =>
          runInScope({ callerKey: 'token:a', kind: 'write', connections: share(2), district: CITY_WIDE }, () =>
            shared.query(WRITE),
          ),
        ),
      );
      let done = false;
      const all = Promise.all([reads, writes]).finally(() => (done = true));
      // Watched for the whole run rather than at one instant: on a loaded machine new connections open late.
      let mostReads = 0;
      let mostWrites = 0;
      while (!done) {
        mostReads = Math.max(mostReads, await active(READ));
        mostWrites = Math.max(mostWrites, await active(WRITE));
        await new Promise((r) => setTimeout(r, 10));
      }
      await all;
      expect(mostReads).toBe(1); // its reads one at a time, its share
      expect(mostWrites).toBe(2); // its writes at once
    } finally {
      await shared.destroy();
    }
  });

  it('tells a caller that has used its database time to come back, before its next read takes a connection', async () => {
    const budget = databaseTimeBudget(40)!; // 400 ms over ten seconds
    const timed = new DataSource(
      dataSourceOptions(t.databaseUrl, 4, 0, {
        acquireTimeoutMs: 5_000,
        timeouts,
        readConnectionsPerCaller: 0,
        parallelWorkers: 0,
        readTime: budget,
      }),
    );
    await timed.initialize();
    try {
      const as = (callerKey: string, kind: 'read' | 'export' | 'write', sql: string) =>
        runInScope({ callerKey, kind, connections: share(2), district: CITY_WIDE }, () => timed.query(sql));
      // (an export: the reads' own bound here is 150 ms)
      await as('token:a', 'export', 'SELECT pg_sleep(0.45)');
      const refused = await as('token:a', 'read', 'SELECT 1').then(
        () => null,
        (e: unknown) => e,
      );
      expect(describeError(refused)).toMatchObject({
        code: 'RATE_LIMITED',
        status: 429,
        extensions: { retryable: true },
      });
      expect((describeError(refused).extensions.retryAfterSeconds as number) >= 1).toBe(true);
      // Another caller's reads, and the same caller's writes, go on.
      await expect(as('token:b', 'read', 'SELECT 1')).resolves.toBeDefined();
      await expect(as('token:a', 'write', 'SELECT 1')).resolves.toBeDefined();
    } finally {
      await timed.destroy();
    }
  });

  it('bounds each statement by its kind: a read past its timeout is SERVICE_UNAVAILABLE, retryable; an export may run longer', async () => {
    const slow = runInScope({ callerKey: 'token:a', kind: 'read', connections: share(2), district: CITY_WIDE }, () =>
      db.query('SELECT pg_sleep(0.5)'),
    );
    const e = await slow.then(
      () => null,
      (err: unknown) => err,
    );
    expect(describeError(e)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', extensions: { retryable: true } });
    await expect(
      runInScope({ callerKey: 'token:a', kind: 'export', connections: share(2), district: CITY_WIDE }, () =>
        db.query('SELECT pg_sleep(0.3)'),
      ),
    ).resolves.toBeDefined();
    // The connection went back with the read bound: the next read is stopped again.
    const [{ timeout }] = (await db.query(`SHOW statement_timeout`)) as {
      statement_timeout: string;
      timeout?: string;
    }[] as unknown as { timeout: string }[];
    expect(timeout ?? '').toBeDefined();
    const again = await runInScope(
      { callerKey: 'token:a', kind: 'read', connections: share(1), district: CITY_WIDE },
      () => db.query('SELECT pg_sleep(0.5)'),
    ).then(
      () => null,
      (err: unknown) => err,
    );
    expect(describeError(again).code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('requests of one caller in flight', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RECTIFY_MAX_IN_FLIGHT: '1', RECTIFY_DB_ACQUIRE_TIMEOUT_MS: '500' } });
  });
  afterAll(() => t.close());

  it('answers one at a time per caller: the next waits its turn (429 past the wait), another caller is served at once', async () => {
    const { token: other } = await t.app.get(AuthService).mint('LEADER', null, '区领导', null);
    // The office's first request is kept busy on a table another session holds.
    const blocker = new (await import('pg')).default.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE units IN ACCESS EXCLUSIVE MODE');
    try {
      const busy = post(t, { query: '{ units { id } }' }).then((r) => r);
      await new Promise((r) => setTimeout(r, 100));
      const [queued, served] = await Promise.all([
        post(t, { query: '{ me { role } }' }),
        post(t, { query: '{ me { role } }' }, { authorization: `Bearer ${other}` }),
      ]);
      expect(queued.status).toBe(429);
      expect(queued.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(queued.headers['retry-after']).toBe('1');
      expect(served.body).toEqual({ data: { me: { role: 'LEADER' } } });
      await blocker.query('ROLLBACK');
      expect((await busy).body.errors).toBeUndefined();
      // Its turn over, the office is served again.
      expect((await post(t, { query: '{ me { role } }' })).body).toEqual({ data: { me: { role: 'OFFICE' } } });
    } finally {
      await blocker.end();
    }
  });
});
