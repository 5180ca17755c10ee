import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key on mutations', () => {
  let t: TestApp;
  let lead: UnitWithToken;

  beforeAll(async () => {
    t = await createTestApp();
    lead = await createUnitWithToken(t);
  });
  afterAll(() => t.close());

  const post = (token: string, key: string | null, query: string, variables: Record<string, unknown>) => {
    const req = request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json');
    if (key) req.set('idempotency-key', key);
    return req.send({ query, variables });
  };
  const PROGRESS = `mutation($id: ID!, $p: Int!) { reportProgress(issueId: $id, progressPercent: $p, comment: "进展") { version progressPercent } }`;
  const versionOf = async (id: string) =>
    (
      await t.ok<{ issue: { version: number; events: unknown[] } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { version events { seq } } }`,
        { id },
      )
    ).issue;

  async function inProgress() {
    const issue = await fileIssue(t);
    await assign(t, issue.id, lead.id);
    await t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { version } }`, { id: issue.id });
    return issue.id;
  }

  it('answers a retry with the first reply and applies the event once', async () => {
    const id = await inProgress();
    const first = await post(lead.token, 'retry-1', PROGRESS, { id, p: 40 });
    const again = await post(lead.token, 'retry-1', PROGRESS, { id, p: 40 });
    expect(first.body).toEqual({ data: { reportProgress: { version: 4, progressPercent: 40 } } });
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await versionOf(id)).toMatchObject({ version: 4 });
  });

  it('applies a burst of concurrent retries with one key exactly once', async () => {
    const id = await inProgress();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => post(lead.token, 'burst-1', PROGRESS, { id, p: 55 })),
    );
    for (const r of replies) expect(r.body).toEqual({ data: { reportProgress: { version: 4, progressPercent: 55 } } });
    expect((await versionOf(id)).events).toHaveLength(4);
  });

  it('refuses the same key with a different request, changing nothing', async () => {
    const id = await inProgress();
    await post(lead.token, 'same-key', PROGRESS, { id, p: 10 });
    const other = await post(lead.token, 'same-key', PROGRESS, { id, p: 90 });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['Idempotency-Key'],
      reasons: [{ field: 'Idempotency-Key', reason: 'TAKEN', message: '此 Idempotency-Key 已用于另一个请求' }],
    });
    expect(await versionOf(id)).toMatchObject({ version: 4 });
  });

  it('keeps keys per caller: another token with the same key runs its own request', async () => {
    const id = await inProgress();
    await post(lead.token, 'shared', PROGRESS, { id, p: 20 });
    const office = await post(OFFICE_TOKEN, 'shared', PROGRESS, { id, p: 30 });
    expect(office.body.data.reportProgress).toEqual({ version: 5, progressPercent: 30 });
  });

  it('replays the first reply even when it was an error', async () => {
    const id = await inProgress();
    const first = await post(lead.token, 'stale', `mutation($id: ID!) { acceptIssue(issueId: $id) { version } }`, {
      id,
    });
    expect(first.body.errors[0].extensions.code).toBe('INVALID_TRANSITION');
    const again = await post(lead.token, 'stale', `mutation($id: ID!) { acceptIssue(issueId: $id) { version } }`, {
      id,
    });
    expect(again.body).toEqual(first.body);
  });

  it('leaves queries and key-less mutations alone and refuses a malformed key', async () => {
    const id = await inProgress();
    const q = await post(lead.token, 'q-1', `query($id: ID!) { issue(id: $id) { version } }`, { id });
    expect(q.headers['idempotent-replayed']).toBeUndefined();
    await post(lead.token, null, PROGRESS, { id, p: 1 });
    await post(lead.token, null, PROGRESS, { id, p: 1 });
    expect(await versionOf(id)).toMatchObject({ version: 5 });
    const bad = await post(lead.token, 'has spaces', PROGRESS, { id, p: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the keys in the database', async () => {
    const rows: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retry-1'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
