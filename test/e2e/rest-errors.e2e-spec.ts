// Every REST endpoint answers errors as GraphQL does — { errors: [{ message, extensions: { code, … } }] } — with the
// HTTP status the README's table gives the code.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  createToken,
  createUnitWithToken,
  issueIn,
  type UnitWithToken,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

/** The status of each code on REST (README, Errors). */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

/** The one error of a refused REST request, in GraphQL's shape with the code's status; its extensions. */
function refusal(res: request.Response, code: string): Record<string, unknown> {
  const body = res.body as { errors: unknown[] };
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status: STATUS[code],
    type: 'application/json; charset=utf-8',
  });
  expect(Object.keys(body)).toEqual(['errors']);
  expect(body.errors).toHaveLength(1);
  const [error] = body.errors as { message: unknown; extensions: Record<string, unknown> }[];
  expect(Object.keys(error).sort()).toEqual(['extensions', 'message']);
  expect(typeof error.message).toBe('string');
  expect(error.extensions.code).toBe(code);
  return error.extensions;
}

/** A well-known 125-byte 1×1 JPEG. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
);
const CSV = Buffer.from('\ufeff编号,来源,问题,类别\nREST-1,中央,渗滤液外溢,水\n', 'utf8');

describe('errors of the REST endpoints', () => {
  let t: TestApp;
  const evidenceDir = mkdtempSync(join(tmpdir(), 'rectify-evidence-'));
  let lead: UnitWithToken;
  let coop: UnitWithToken;
  let leaderToken: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({
      now: '2026-03-02T02:00:00.000Z',
      env: { RECTIFY_EVIDENCE_DIR: evidenceDir, RECTIFY_EVIDENCE_MAX_BYTES: '2048' },
    });
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    coop = await createUnitWithToken(t, { name: '区水利局' });
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(async () => {
    await t.close();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it('imports: 401 without a token, 403 for a unit, 400 naming the file with its reason', async () => {
    refusal(await http().post('/imports').attach('file', CSV, 'list.csv'), 'UNAUTHENTICATED');
    refusal(
      await http().post('/imports').set('authorization', `Bearer ${lead.token}`).attach('file', CSV, 'list.csv'),
      'FORBIDDEN',
    );
    const none = refusal(
      await http().post('/imports').set('authorization', `Bearer ${OFFICE_TOKEN}`).field('note', 'x'),
      'BAD_USER_INPUT',
    );
    expect(none).toMatchObject({ fields: ['file'], reasons: [{ field: 'file', reason: 'INVALID' }] });
    const dry = refusal(
      await http()
        .post('/imports?dryRun=maybe')
        .set('authorization', `Bearer ${OFFICE_TOKEN}`)
        .attach('file', CSV, 'list.csv'),
      'BAD_USER_INPUT',
    );
    expect(dry.fields).toEqual(['dryRun']);
  });

  it('evidence uploads: 404, 403, 400, 413 and 409', async () => {
    const upload = (token: string, issueId: string, file = JPEG) =>
      http()
        .post(`/issues/${issueId}/evidence`)
        .set('authorization', `Bearer ${token}`)
        .attach('file', file, 'photo.jpg');
    const working = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds: [coop.id] });
    refusal(await upload(OFFICE_TOKEN, randomUUID()), 'NOT_FOUND');
    // (the cooperating unit's part done, it has nothing to attach anything to)
    await partsDone(t, working.id);
    refusal(await upload(coop.token, working.id), 'FORBIDDEN');
    expect(refusal(await upload(lead.token, working.id, Buffer.from('not a photo')), 'BAD_USER_INPUT')).toMatchObject({
      fields: ['file'],
      reasons: [{ field: 'file', reason: 'MALFORMED', message: '文件内容不是 JPEG、PNG、WebP 或 PDF' }],
    });
    refusal(await upload(lead.token, working.id, Buffer.concat([JPEG, Buffer.alloc(4096)])), 'PAYLOAD_TOO_LARGE');
    const closed = await issueIn(t, 'CLOSED', lead);
    expect(refusal(await upload(lead.token, closed.id), 'INVALID_TRANSITION')).toMatchObject({
      reason: 'WRONG_STATE',
      state: 'CLOSED',
    });
  });

  it('evidence downloads: 401 without a token, 404 for what the caller cannot see', async () => {
    refusal(await http().get(`/evidence/${randomUUID()}`), 'UNAUTHENTICATED');
    refusal(await http().get(`/evidence/${randomUUID()}`).set('authorization', `Bearer ${OFFICE_TOKEN}`), 'NOT_FOUND');
  });

  it.each(['/reports/weekly.xlsx', '/reports/weekly.csv'])(
    '%s: 401 without a token, 400 naming weekOf',
    async (path) => {
      refusal(await http().get(`${path}?weekOf=2026-03-02`), 'UNAUTHENTICATED');
      const bad = refusal(
        await http().get(`${path}?weekOf=2026-3-2`).set('authorization', `Bearer ${OFFICE_TOKEN}`),
        'BAD_USER_INPUT',
      );
      expect(bad).toMatchObject({ fields: ['weekOf'], reasons: [{ field: 'weekOf' }] });
    },
  );

  it('/reports/eco.xlsx: 401 without a token, 400 naming the period', async () => {
    refusal(await http().get('/reports/eco.xlsx?period=2026-Q3'), 'UNAUTHENTICATED');
    expect(
      refusal(
        await http().get('/reports/eco.xlsx?period=Q3').set('authorization', `Bearer ${leaderToken}`),
        'BAD_USER_INPUT',
      ).fields,
    ).toEqual(['period']);
  });

  it('the dashboard’s files and unknown routes: 404', async () => {
    refusal(await http().get('/assets/nothing.js'), 'NOT_FOUND');
    refusal(await http().get('/assets/index.html'), 'NOT_FOUND');
    refusal(await http().get('/no/such/route'), 'NOT_FOUND');
  });

  it('the gate: an unknown bearer is 401 on REST as on GraphQL', async () => {
    for (const path of ['/reports/weekly.csv?weekOf=2026-03-02', '/imports/template.xlsx']) {
      refusal(await http().get(path).set('authorization', 'Bearer rct_not-a-real-token-0000000000'), 'UNAUTHENTICATED');
    }
    const gql = await http()
      .post('/graphql')
      .set('authorization', 'Bearer rct_not-a-real-token-0000000000')
      .send({ query: '{ me { role } }' });
    refusal(gql, 'UNAUTHENTICATED');
  });

  it('bodies: malformed JSON 400, too large 413', async () => {
    const malformed = await http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${OFFICE_TOKEN}`)
      .send('{"query": ');
    expect(refusal(malformed, 'BAD_USER_INPUT')).toEqual({ code: 'BAD_USER_INPUT', fields: [], reasons: [] });
    const large = await http()
      .post('/graphql')
      .set('authorization', `Bearer ${OFFICE_TOKEN}`)
      .send({ query: '{ me { role } }', variables: { pad: 'x'.repeat(200_000) } });
    refusal(large, 'PAYLOAD_TOO_LARGE');
  });

  it('an Idempotency-Key used for another request: 400 BAD_USER_INPUT, in the same shape (data null beside it)', async () => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
    const post = (p: number) =>
      http()
        .post('/graphql')
        .set('authorization', `Bearer ${lead.token}`)
        .set('idempotency-key', 'rest-errors-1')
        .send({
          query: `mutation($id: ID!, $p: Int!) { reportProgress(issueId: $id, progressPercent: $p, comment: "进展") { version } }`,
          variables: { id: issue.id, p },
        });
    expect((await post(10)).status).toBe(200);
    const res = await post(20);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          message: '此 Idempotency-Key 已用于另一个请求',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: ['Idempotency-Key'],
            reasons: [{ field: 'Idempotency-Key', reason: 'TAKEN', message: '此 Idempotency-Key 已用于另一个请求' }],
          },
        },
      ],
      data: null,
    });
  });

  it('the gate’s 429 on REST: the same shape, Retry-After and extensions.retryAfterSeconds', async () => {
    const limited = await createTestApp({
      env: { RECTIFY_ANONYMOUS_RATE_LIMIT: '1', RECTIFY_ANONYMOUS_RATE_LIMIT_BURST: '1' },
    });
    await closingAtAcceptance(limited);
    try {
      let res: request.Response | undefined;
      for (let i = 0; i < 3 && res?.status !== 429; i++)
        res = await request(limited.app.getHttpServer()).get('/imports/template.xlsx');
      const ext = refusal(res!, 'RATE_LIMITED');
      expect(ext).toMatchObject({ retryable: true, retryAfterSeconds: expect.any(Number) });
      expect(res!.headers['retry-after']).toBe(String(ext.retryAfterSeconds));
    } finally {
      await limited.close();
    }
  });
});
