import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createRootLogger } from '../../src/logging/root-logger.js';
import { assign, createUnitWithToken, fileIssue } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

describe('structured logs', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          raw.push(line);
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    t = await createTestApp({ logger: createRootLogger('info', sink) });
  });
  afterAll(() => t.close());

  it('writes one JSON line per request with its id, echoed in X-Request-Id', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${OFFICE_TOKEN}`)
      .set('x-request-id', 'req-abc-123')
      .send({ query: '{ me { role } }' });
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-abc-123');
    expect(line).toMatchObject({
      level: 30,
      service: 'rectify',
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof line?.responseTime).toBe('number');
  });

  it('makes up a request id when none (or a strange one) is given', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').set('x-request-id', 'bad id with spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a token, a complainant or a request body', async () => {
    const unit = await createUnitWithToken(t);
    const issue = await fileIssue(t, {
      source: 'PUBLIC_COMPLAINT',
      complainantName: '赵六',
      complainantPhone: '13711112222',
    });
    await assign(t, issue.id, unit.id);
    await t.gql(
      unit.token,
      `mutation { reportProgress(issueId: "${issue.id}", progressPercent: 500, comment: "x") { id } }`,
    );
    await request(t.app.getHttpServer())
      .get('/reports/weekly.csv?weekOf=2026-03-02')
      .set('authorization', `Bearer ${unit.token}`);
    const all = raw.join('\n');
    for (const secret of [OFFICE_TOKEN, unit.token, '赵六', '13711112222', 'progressPercent'])
      expect(all).not.toContain(secret);
    expect(lines.length).toBeGreaterThan(5);
  });
});
