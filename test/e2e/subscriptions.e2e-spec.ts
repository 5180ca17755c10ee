import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { assign, createToken, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface Seen {
  issueEvents?: { type: string; seq: number; toState: string; unit: { id: string } | null };
}

const EVENTS = `subscription($unitId: ID) { issueEvents(unitId: $unitId) { type seq toState unit { id } } }`;

describe('issueEvents over graphql-ws', () => {
  let t: TestApp;
  let url: string;
  let town: UnitWithToken;
  let other: UnitWithToken;
  const clients: Client[] = [];

  const connect = (token: string | null) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return client;
  };

  /** Subscribes; what it is sent is collected. */
  const follow = (client: Client, variables: Record<string, unknown> = {}) => {
    const seen: Seen[] = [];
    const errors: unknown[] = [];
    client.subscribe<Seen>(
      { query: EVENTS, variables },
      {
        // (a refusal comes as a result with errors, as for a query)
        next: (v) => (v.errors ? errors.push(...v.errors) : seen.push(v.data ?? {})),
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    return { seen, errors };
  };

  const until = async (check: () => boolean, ms = 5000) => {
    for (const end = Date.now() + ms; !check();) {
      if (Date.now() > end) throw new Error('not seen in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { RECTIFY_MAX_LIVE_CONNECTIONS: '3' } });
    await t.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    town = await createUnitWithToken(t, { name: '龙岗镇', kind: 'TOWN' });
    other = await createUnitWithToken(t, { name: '区生态环境局' });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  it('tells a unit of its own problem’s assignment, and not of another unit’s', async () => {
    const mine = follow(connect(town.token));
    const office = follow(connect(OFFICE_TOKEN));
    await new Promise((r) => setTimeout(r, 300)); // (subscribed before the events)
    const theirs = await fileIssue(t);
    await assign(t, theirs.id, other.id);
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id);
    await until(() => mine.seen.length >= 1 && office.seen.length >= 4);
    await new Promise((r) => setTimeout(r, 400)); // nothing more comes
    expect(mine.seen.map((s) => s.issueEvents)).toEqual([{ type: 'assign', seq: 2, toState: 'ASSIGNED', unit: null }]);
    expect(office.seen.map((s) => s.issueEvents?.type)).toEqual(['file', 'assign', 'file', 'assign']);
    expect([mine.errors, office.errors]).toEqual([[], []]);
  });

  it('lets the office follow one unit, and refuses a unit another unit’s', async () => {
    const followed = follow(connect(OFFICE_TOKEN), { unitId: other.id });
    const refused = follow(connect(town.token), { unitId: other.id });
    await new Promise((r) => setTimeout(r, 300));
    const issue = await fileIssue(t);
    await assign(t, issue.id, other.id);
    await t.ok(other.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issue.id });
    await until(() => followed.seen.length >= 2 && refused.errors.length >= 1);
    expect(followed.seen.map((s) => [s.issueEvents?.type, s.issueEvents?.unit?.id ?? null])).toEqual([
      ['assign', null],
      ['accept', other.id],
    ]);
    expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
    expect(refused.seen).toEqual([]);
  });

  it('refuses a connection without a token in force', async () => {
    const anonymous = follow(connect(null));
    const unknown = follow(connect('not-a-token-0123456789'));
    await until(() => anonymous.errors.length >= 1 && unknown.errors.length >= 1);
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4403);
    expect((unknown.errors[0] as { code?: number }).code).toBe(4403);
  });

  it('ends a connection whose token is revoked while connected, before sending it anything more', async () => {
    const token = await createToken(t, 'UNIT', town.id, '龙岗镇值班手机');
    const live = follow(connect(token));
    await new Promise((r) => setTimeout(r, 300)); // (subscribed before the events)
    const first = await fileIssue(t);
    await assign(t, first.id, town.id);
    await until(() => live.seen.length === 1);
    const [{ id }] = await t.db.query<{ id: string }[]>(`SELECT id FROM api_tokens WHERE label = '龙岗镇值班手机'`);
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { revokedAt } }`, { id });
    const second = await fileIssue(t);
    await assign(t, second.id, town.id);
    await until(() => live.errors.length >= 1);
    expect((live.errors[0] as { code?: number }).code).toBe(4403);
    expect(live.seen.map((s) => s.issueEvents?.type)).toEqual(['assign']);
  });

  it('holds one token to a bounded number of open connections; a closed one makes room', async () => {
    const token = await createToken(t, 'UNIT', other.id, '区生态环境局大屏');
    const open = Array.from({ length: 3 }, () => follow(connect(token)));
    await new Promise((r) => setTimeout(r, 300));
    const extra = follow(connect(token));
    await until(() => extra.errors.length >= 1);
    expect((extra.errors[0] as { code?: number }).code).toBe(4429);
    expect(open.every((o) => o.errors.length === 0)).toBe(true);
    // another token is counted on its own
    const office = follow(connect(OFFICE_TOKEN));
    await clients[clients.length - 5].dispose(); // the first of the three
    await new Promise((r) => setTimeout(r, 300));
    const again = follow(connect(token));
    const issue = await fileIssue(t);
    await assign(t, issue.id, other.id);
    await until(() => again.seen.length >= 1 && office.seen.length >= 2);
    expect(again.errors).toEqual([]);
  });
});
