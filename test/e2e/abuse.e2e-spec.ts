import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuthService } from '../../src/auth/auth.service.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

describe('GraphQL abuse is refused with a clear code', () => {
  let t: TestApp;
  let prod: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    prod = await createTestApp({
      env: { NODE_ENV: 'production', RECTIFY_RATE_LIMIT: '2', RECTIFY_RATE_LIMIT_BURST: '3' },
    });
  });
  afterAll(async () => {
    await t.close();
    await prod.close();
  });

  const post = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
    request(app.app.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', authorization: `Bearer ${OFFICE_TOKEN}`, ...headers })
      .send(body as object);

  it('refuses a query deeper than 10 levels', async () => {
    const deep = `{ issues { edges { node { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } }`;
    const res = await post(t, { query: deep });
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(res.body.data).toBeUndefined();
  });

  it('refuses a query whose pages multiply past the cost limit', async () => {
    // Each alias costs 1 + 200 × 14 = 2,801: one passes the default 5,000, two do not.
    const page = `issues(first: 200) { edges { node { children { children { events { seq type actor at comment unit { name code kind } } } } } } }`;
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: ${page}`).join(' ');
    const costly = await post(t, { query: `{ ${aliases(2)} }` });
    expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(costly.body.data).toBeUndefined();
    const fine = await post(t, { query: `{ ${aliases(1)} }` });
    expect(fine.body.errors).toBeUndefined();
  });

  it('caps the page size', async () => {
    const res = await post(t, { query: `{ issues(first: 201) { totalCount } }` });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first'] });
  });

  it('takes one operation per HTTP request: a batch is refused', async () => {
    const res = await post(t, [{ query: '{ me { role } }' }, { query: '{ me { role } }' }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('"role"');
  });

  it('refuses bodies over the size limit', async () => {
    const res = await post(t, { query: '{ me { role } }', variables: { pad: 'x'.repeat(200_000) } });
    expect(res.status).toBe(413);
  });

  it('prevents CSRF: a simple cross-site form post (text/plain) is refused', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'text/plain')
      .set('authorization', `Bearer ${OFFICE_TOKEN}`)
      .send(JSON.stringify({ query: 'mutation { createUnit(code: "X1", name: "x", kind: OTHER) { id } }' }));
    expect(res.status).toBe(400);
    const units = await t.ok<{ units: { code: string }[] }>(OFFICE_TOKEN, '{ units { code } }');
    expect(units.units.map((u) => u.code)).not.toContain('X1');
  });

  it('turns introspection off in production', async () => {
    const res = await post(prod, { query: '{ __schema { types { name } } }' });
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toContain('stacktrace');
  });

  it('limits requests per token: past the burst, RATE_LIMITED with HTTP 429', async () => {
    // A fresh token, so earlier requests in this file do not count against it.
    const { token } = await prod.app.get(AuthService).mint('LEADER', null, '区领导', null);
    const replies = [];
    for (let i = 0; i < 5; i++)
      replies.push(await post(prod, { query: '{ me { role } }' }, { authorization: `Bearer ${token}` }));
    expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    const limited = replies.slice(3);
    expect(limited.map((r) => r.status)).toContain(429);
    const refused = limited.find((r) => r.status === 429)!;
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
