import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../src/config/config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.service.js';
import { post } from '../../src/webhooks/webhook-target.js';
import { WebhooksRepository } from '../../src/webhooks/webhooks.repository.js';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { Receiver } from '../support/receiver.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface Message {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events description unit { id } createdAt } }
}`;
const DELIVERIES = `query($id: ID!) {
  webhookDeliveries(webhookId: $id) { id eventType issueId seq status attempts lastResponseCode lastError nextAttemptAt }
}`;

interface Created {
  createWebhook: { secret: string; webhook: { id: string; events: string[]; unit: { id: string } | null } };
}
interface Delivery {
  id: string;
  eventType: string;
  issueId: string;
  seq: number;
  status: string;
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

describe('webhooks', () => {
  let t: TestApp;
  let dispatcher: WebhookDispatcher;
  let receiver: Receiver<Message>;
  let town: UnitWithToken;
  let other: UnitWithToken;

  const create = async (input: Record<string, unknown>, token = OFFICE_TOKEN) =>
    (await t.ok<Created>(token, CREATE, { input: { url: receiver.url, ...input } })).createWebhook;
  const deliveries = async (id: string, token = OFFICE_TOKEN) =>
    (await t.ok<{ webhookDeliveries: Delivery[] }>(token, DELIVERIES, { id })).webhookDeliveries;
  const stop = (id: string) => t.ok(OFFICE_TOKEN, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });

  beforeAll(async () => {
    t = await createTestApp({
      env: { RECTIFY_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', RECTIFY_WEBHOOK_TIMEOUT_MS: '2000' },
    });
    dispatcher = t.app.get(WebhookDispatcher);
    town = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    other = await createUnitWithToken(t, { name: '区水务局' });
  });

  beforeEach(async () => {
    receiver = new Receiver<Message>();
    await receiver.start();
    // (each test's webhooks only: those of the tests before are stopped)
    for (const w of (await t.ok<{ webhooks: { id: string }[] }>(OFFICE_TOKEN, `{ webhooks { id } }`)).webhooks)
      await stop(w.id);
    await dispatcher.dispatch();
  });

  afterEach(() => receiver.stop());

  afterAll(() => t?.close());

  it('sends the office a signed issue.assign, once, with the problem’s facts after the event', async () => {
    const { secret, webhook } = await create({ description: '区整改办值班系统' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhook.unit).toBeNull();
    const issue = await fileIssue(t, {
      source: 'PUBLIC_COMPLAINT',
      complainantName: '王某某',
      complaintChannel: '12345',
      title: '夜间施工噪声扰民',
    });
    const assigned = await assign(t, issue.id, town.id, { dueAt: '2026-03-31T15:59:59.999Z' });
    await dispatcher.dispatch();
    await dispatcher.dispatch(); // nothing twice

    const messages = receiver.verified(secret);
    expect(messages.map((m) => m.type)).toEqual(['issue.file', 'issue.assign']);
    expect(messages[1].data).toEqual({
      issueId: issue.id,
      code: issue.code,
      seq: 2,
      fromState: 'FILED',
      toState: 'ASSIGNED',
      state: 'ASSIGNED',
      substate: 'ASSIGNED',
      leadUnitId: town.id,
      dueAt: '2026-03-31T15:59:59.999Z',
      at: t.clock.now().toISOString(),
    });
    expect(assigned.substate).toBe('ASSIGNED');
    // never a complainant's identity
    expect(receiver.received.map((r) => r.body).join('')).not.toContain('王某某');
    // each message its own id, the delivery's
    const listed = await deliveries(webhook.id);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set(listed.map((d) => d.id)));
    expect(listed.map((d) => [d.eventType, d.status, d.attempts, d.lastResponseCode, d.nextAttemptAt])).toEqual([
      ['issue.assign', 'DELIVERED', 1, 200, null],
      ['issue.file', 'DELIVERED', 1, 200, null],
    ]);
  });

  it('gives a unit’s webhook only its own problems, and the events it asked for', async () => {
    const { secret, webhook } = await create({ events: ['issue.assign', 'issue.accept'] }, town.token);
    expect(webhook.unit).toEqual({ id: town.id });
    const mine = await fileIssue(t);
    const theirs = await fileIssue(t);
    await assign(t, mine.id, town.id);
    await assign(t, theirs.id, other.id);
    await t.ok(town.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: mine.id });
    await t.ok(other.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: theirs.id });
    await dispatcher.dispatch();
    expect(receiver.verified(secret).map((m) => [m.type, m.data.issueId])).toEqual([
      ['issue.assign', mine.id],
      ['issue.accept', mine.id],
    ]);

    // another unit neither registers for it nor sees it
    const refused = await t.gql(other.token, CREATE, { input: { url: receiver.url, unitId: town.id } });
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.ok<{ webhooks: unknown[] }>(other.token, `{ webhooks { id } }`)).webhooks).toEqual([]);
    const hidden = await t.gql(other.token, DELIVERIES, { id: webhook.id });
    expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // a leader reads the figures, not the webhooks
    const leader = await t.ok<{ createToken: { token: string } }>(
      OFFICE_TOKEN,
      `mutation { createToken(role: LEADER) { token } }`,
    );
    expect((await t.gql(leader.createToken.token, `{ webhooks { id } }`)).errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('retries after a 500 and a timeout with the same webhook-id, in order per problem, then delivers', async () => {
    const { secret, webhook } = await create({});
    let failures = 2;
    receiver.answer = (r) => {
      if (r.message.type !== 'issue.file' || failures === 0) return 200;
      failures--;
      return failures === 1 ? 500 : 'never';
    };
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id);
    await dispatcher.dispatch();
    // the file failed (500); the assign waits behind it
    let listed = await deliveries(webhook.id);
    expect(listed.map((d) => [d.eventType, d.status, d.attempts, d.lastResponseCode])).toEqual([
      ['issue.assign', 'PENDING', 0, null],
      ['issue.file', 'PENDING', 1, 500],
    ]);
    expect(new Date(listed[1].nextAttemptAt!).getTime() - t.clock.now().getTime()).toBe(5_000);
    await dispatcher.dispatch(); // not due yet
    expect(receiver.received).toHaveLength(1);

    t.clock.set(new Date(t.clock.now().getTime() + 5_000));
    await dispatcher.dispatch(); // the receiver does not answer: timed out
    listed = await deliveries(webhook.id);
    expect(listed[1]).toMatchObject({ status: 'PENDING', attempts: 2, lastResponseCode: null });
    expect(listed[1].lastError).toContain('2000 ms');
    expect(new Date(listed[1].nextAttemptAt!).getTime() - t.clock.now().getTime()).toBe(300_000);

    t.clock.set(listed[1].nextAttemptAt!);
    await dispatcher.dispatch();
    const types = receiver.received.map((r) => [r.message.type, r.headers['webhook-id']]);
    const fileId = listed[1].id;
    expect(types).toEqual([
      ['issue.file', fileId],
      ['issue.file', fileId],
      ['issue.file', fileId],
      ['issue.assign', listed[0].id],
    ]);
    expect(receiver.verified(secret)).toHaveLength(4);
    expect((await deliveries(webhook.id)).map((d) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('marks a delivery failed once its retries are spent (over 24 hours), and sends it again when asked', async () => {
    const { webhook } = await create({ events: ['issue.file'] });
    receiver.answer = () => 503;
    const started = t.clock.now().getTime();
    await fileIssue(t);
    await dispatcher.dispatch();
    for (let i = 0; i < 10; i++) {
      const [d] = await deliveries(webhook.id);
      if (d.status !== 'PENDING') break;
      t.clock.set(d.nextAttemptAt!);
      await dispatcher.dispatch();
    }
    const [failed] = await deliveries(webhook.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 8, lastResponseCode: 503, nextAttemptAt: null });
    expect(t.clock.now().getTime() - started).toBeGreaterThan(24 * 3600_000);

    receiver.answer = () => 204;
    const again = await t.ok<{ redeliverWebhook: Delivery }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }`,
      { id: failed.id },
    );
    expect(again.redeliverWebhook).toEqual({ id: failed.id, status: 'PENDING' });
    await dispatcher.dispatch();
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(Array(9).fill(failed.id));
    expect((await deliveries(webhook.id))[0]).toMatchObject({
      status: 'DELIVERED',
      attempts: 9,
      lastResponseCode: 204,
    });
  });

  it('refuses targets outside the allowed networks, when registered and when delivered', async () => {
    for (const url of ['http://10.0.0.8/hooks', 'ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/x', 'not a url']) {
      const reply = await t.gql(OFFICE_TOKEN, CREATE, { input: { url } });
      expect({ url, code: reply.errors?.[0].extensions.code }).toEqual({ url, code: 'BAD_USER_INPUT' });
    }
    // a name is judged by what it resolves to at delivery time, and the connection goes to the address judged
    const send = (networks: string[]) =>
      post(receiver.url.replace('127.0.0.1', 'localhost'), {}, '{}', { timeoutMs: 1000, networks });
    const refused = await send(['10.0.0.0/8']);
    expect(refused).toEqual({ status: null, error: expect.stringContaining('localhost') as unknown as string });
    expect(receiver.received).toHaveLength(0);
    expect(await send(['127.0.0.0/8', '::1/128'])).toEqual({ status: 200, error: null });
    expect(receiver.received).toHaveLength(1);
  });

  it('sends each delivery once when two dispatchers run at the same time', async () => {
    const { secret, webhook } = await create({});
    // A second instance: its own connections to the same database.
    const db2 = new DataSource(dataSourceOptions(t.databaseUrl, 4));
    await db2.initialize();
    try {
      const second = new WebhookDispatcher(
        db2,
        new WebhooksRepository(db2),
        t.app.get(Clock),
        t.app.get<AppConfig>(APP_CONFIG),
      );
      const issues = await Promise.all(Array.from({ length: 6 }, () => fileIssue(t)));
      for (const issue of issues) await assign(t, issue.id, town.id);
      await Promise.all([dispatcher.dispatch(), second.dispatch(), dispatcher.dispatch(), second.dispatch()]);
      await Promise.all([dispatcher.dispatch(), second.dispatch()]);
    } finally {
      await db2.destroy();
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    // in order per problem: each problem's file before its assign
    const messages = receiver.verified(secret);
    for (const m of messages.filter((x) => x.type === 'issue.assign')) {
      const file = messages.findIndex((x) => x.type === 'issue.file' && x.data.issueId === m.data.issueId);
      expect(file).toBeLessThan(messages.indexOf(m));
    }
    expect((await deliveries(webhook.id)).every((d) => d.status === 'DELIVERED')).toBe(true);
  });

  it('announces only what committed: an event rolled back after its row was written leaves nothing to send', async () => {
    const { webhook } = await create({});
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id);
    await t.ok(town.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issue.id });
    // The progress report and its log row are written, then attaching evidence that is not there fails the
    // transaction: the row is rolled back with the state, and with it what would have been announced.
    const refused = await t.gql(
      town.token,
      `mutation($id: ID!, $e: [ID!]) { reportProgress(issueId: $id, progressPercent: 40, comment: "清淤完成四成", evidenceIds: $e) { id } }`,
      { id: issue.id, e: ['00000000-0000-4000-8000-000000000001'] },
    );
    expect(refused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    await dispatcher.dispatch();
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM issue_events WHERE issue_id = $1`,
      [issue.id],
    );
    expect(n).toBe(3);
    expect((await deliveries(webhook.id)).map((d) => [d.eventType, d.seq, d.status])).toEqual([
      ['issue.accept', 3, 'DELIVERED'],
      ['issue.assign', 2, 'DELIVERED'],
      ['issue.file', 1, 'DELIVERED'],
    ]);
    expect(receiver.received.map((r) => r.message.type)).toEqual(['issue.file', 'issue.assign', 'issue.accept']);
  });
});
