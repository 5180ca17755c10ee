// A retry after a transient failure applies once: an Idempotency-Key keeps only outcomes (a result, or a domain
// refusal); a rate limit, a statement timeout, a lost connection or an internal error gives the key back. And errors
// of nested fields are classified and logged like those of the operation itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import pg from 'pg';
import request from 'supertest';
import { createRootLogger } from '../../src/logging/root-logger.js';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { cityWideClient } from '../support/districts.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const PROGRESS = `mutation($id: ID!, $p: Int!) { reportProgress(issueId: $id, progressPercent: $p, comment: "进展") { version progressPercent } }`;

function poster(t: TestApp) {
  return (token: string, key: string, query: string, variables: Record<string, unknown>) =>
    request(t.app.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key })
      .send({ query, variables });
}

async function inProgress(t: TestApp, lead: UnitWithToken): Promise<string> {
  const issue = await fileIssue(t);
  await assign(t, issue.id, lead.id);
  await t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { version } }`, { id: issue.id });
  return issue.id;
}

async function eventsOf(t: TestApp, id: string): Promise<number> {
  const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM issue_events WHERE issue_id = $1`, [id])) as {
    n: number;
  }[];
  return n;
}

/** A second session holding the problem's row lock, as a long transaction elsewhere would. */
async function holdRow(t: TestApp, id: string): Promise<{ client: pg.Client; release: () => Promise<void> }> {
  const client = await cityWideClient(t.databaseUrl);
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM issues WHERE id = $1 FOR UPDATE', [id]);
  return {
    client,
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe('a retry after a transient failure applies once', () => {
  let t: TestApp;
  let lead: UnitWithToken;
  let post: ReturnType<typeof poster>;

  beforeAll(async () => {
    t = await createTestApp({ env: { RECTIFY_WRITE_TIMEOUT_MS: '400' } });
    lead = await createUnitWithToken(t);
    post = poster(t);
  });
  afterAll(() => t.close());

  it('after a statement timeout (SERVICE_UNAVAILABLE, retryable)', async () => {
    const id = await inProgress(t, lead);
    const before = await eventsOf(t, id);
    const held = await holdRow(t, id);
    const first = await post(lead.token, 'timeout-1', PROGRESS, { id, p: 30 });
    await held.release();
    expect(first.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    const retry = await post(lead.token, 'timeout-1', PROGRESS, { id, p: 30 });
    expect(retry.body).toEqual({ data: { reportProgress: { version: before + 1, progressPercent: 30 } } });
    const again = await post(lead.token, 'timeout-1', PROGRESS, { id, p: 30 });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await eventsOf(t, id)).toBe(before + 1);
  });

  it('after the database dropped the connection under it (SERVICE_UNAVAILABLE)', async () => {
    const slow = await createTestApp({ env: { RECTIFY_WRITE_TIMEOUT_MS: '20000' } });
    try {
      const unit = await createUnitWithToken(slow);
      const id = await inProgress(slow, unit);
      const before = await eventsOf(slow, id);
      const held = await holdRow(slow, id);
      const pending = poster(slow)(unit.token, 'dropped-1', PROGRESS, { id, p: 45 }).then((r) => r);
      let waiting: number | undefined;
      for (let i = 0; i < 100 && waiting === undefined; i++) {
        const rows = (
          await held.client.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'rectify' AND wait_event_type = 'Lock'`,
          )
        ).rows as { pid: number }[];
        waiting = rows[0]?.pid;
        if (waiting === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waiting).toBeDefined();
      await held.client.query('SELECT pg_terminate_backend($1)', [waiting]);
      const first = await pending;
      await held.release();
      expect(first.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      const retry = await poster(slow)(unit.token, 'dropped-1', PROGRESS, { id, p: 45 });
      expect(retry.body).toEqual({ data: { reportProgress: { version: before + 1, progressPercent: 45 } } });
      expect(await eventsOf(slow, id)).toBe(before + 1);
    } finally {
      await slow.close();
    }
  });

  it('after an internal error', async () => {
    const id = await inProgress(t, lead);
    const before = await eventsOf(t, id);
    // A fault the service does not foresee, once: the first append fails.
    await t.db.query(`CREATE TABLE fault_once (fired boolean NOT NULL DEFAULT false)`);
    await t.db.query(`INSERT INTO fault_once VALUES (false)`);
    await t.db.query(`CREATE FUNCTION fault_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT (SELECT fired FROM fault_once) THEN UPDATE fault_once SET fired = true; RAISE EXCEPTION 'injected fault' USING ERRCODE = 'XX000'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(
      `CREATE TRIGGER fault_once BEFORE INSERT ON issue_events FOR EACH ROW EXECUTE FUNCTION fault_once()`,
    );
    try {
      const first = await post(lead.token, 'internal-1', PROGRESS, { id, p: 50 });
      expect(first.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      // The trigger's own update rolled back with the event: let it fire no more.
      await t.db.query(`UPDATE fault_once SET fired = true`);
      const retry = await post(lead.token, 'internal-1', PROGRESS, { id, p: 50 });
      expect(retry.body).toEqual({ data: { reportProgress: { version: before + 1, progressPercent: 50 } } });
      expect(await eventsOf(t, id)).toBe(before + 1);
    } finally {
      await t.db.query(`DROP TRIGGER fault_once ON issue_events; DROP FUNCTION fault_once(); DROP TABLE fault_once`);
    }
  });

  it('keeps a domain refusal as the outcome: the retry is answered from it', async () => {
    const id = await inProgress(t, lead);
    const stale = `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 10, comment: "进展", expectedVersion: 1) { version } }`;
    const first = await post(lead.token, 'refused-1', stale, { id });
    expect(first.body.errors[0].extensions.code).toBe('VERSION_CONFLICT');
    const again = await post(lead.token, 'refused-1', stale, { id });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('refuses a key over several mutation fields (a retry could not tell which ran)', async () => {
    const id = await inProgress(t, lead);
    const two = `mutation($id: ID!) { a: reportProgress(issueId: $id, progressPercent: 10, comment: "一") { version } b: reportProgress(issueId: $id, progressPercent: 20, comment: "二") { version } }`;
    const res = await post(lead.token, 'two-1', two, { id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['Idempotency-Key'],
      reasons: [{ field: 'Idempotency-Key', reason: 'CONFLICTING' }],
    });
  });
});

describe('a retry after a rate-limit refusal applies once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RECTIFY_COST_PER_SECOND: '30', RECTIFY_MAX_QUERY_COST: '60' } });
  });
  afterAll(() => t.close());

  it('after the cost budget refused it (RATE_LIMITED, Retry-After)', async () => {
    const lead = await createUnitWithToken(t);
    const id = await inProgress(t, lead);
    const before = await eventsOf(t, id);
    // Spend the token's budget: 1 + 11 × (1 + 1 + 3) = 56 of 60.
    const spend = await request(t.app.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', authorization: `Bearer ${lead.token}` })
      .send({ query: `{ issues(first: 11) { edges { node { id code title } } } }` });
    expect(spend.body.errors).toBeUndefined();
    const first = await poster(t)(lead.token, 'limited-1', PROGRESS, { id, p: 70 });
    expect(first.status).toBe(429);
    expect(first.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    const wait = Number(first.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, wait * 1000 + 50));
    const retry = await poster(t)(lead.token, 'limited-1', PROGRESS, { id, p: 70 });
    expect(retry.body).toEqual({ data: { reportProgress: { version: before + 1, progressPercent: 70 } } });
    expect(await eventsOf(t, id)).toBe(before + 1);
  });
});

describe('errors of nested fields', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await createTestApp({ env: { RECTIFY_READ_TIMEOUT_MS: '300' }, logger: createRootLogger('info', sink) });
    const unit = await createUnitWithToken(t);
    const issue = await fileIssue(t);
    await assign(t, issue.id, unit.id);
  });
  afterAll(() => t.close());

  const LIST = `{ issues(first: 5) { edges { node { id leadUnit { name } } } } }`;

  it('are SERVICE_UNAVAILABLE (retryable) when the database cannot answer them, not INTERNAL_SERVER_ERROR', async () => {
    const blocker = new pg.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE units IN ACCESS EXCLUSIVE MODE');
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set({ 'content-type': 'application/json', authorization: `Bearer ${OFFICE_TOKEN}` })
        .send({ query: LIST });
      const nested = (res.body.errors as { path: (string | number)[]; extensions: Record<string, unknown> }[]).find(
        (e) => e.path.includes('leadUnit'),
      );
      expect(nested?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(JSON.stringify(res.body)).not.toContain('INTERNAL_SERVER_ERROR');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('are logged with the request id when nobody foresaw them', async () => {
    await t.db.query('ALTER TABLE units RENAME COLUMN name TO name_gone');
    try {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set({
          'content-type': 'application/json',
          authorization: `Bearer ${OFFICE_TOKEN}`,
          'x-request-id': 'nested-fault-1',
        })
        .send({ query: LIST });
      expect(res.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.body.errors[0].message).toBe('Internal server error');
      const logged = lines.find(
        (l) => l.msg === 'unexpected error' && (l.req as { id?: string } | undefined)?.id === 'nested-fault-1',
      );
      expect(logged).toMatchObject({ level: 50, path: expect.stringContaining('leadUnit') });
    } finally {
      await t.db.query('ALTER TABLE units RENAME COLUMN name_gone TO name');
    }
  });
});
