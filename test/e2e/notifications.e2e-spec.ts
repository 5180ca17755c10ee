import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../src/config/config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { PinoNestLogger } from '../../src/logging/nest-logger.js';
import { createRootLogger } from '../../src/logging/root-logger.js';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service.js';
import { NotificationsRepository } from '../../src/notifications/notifications.repository.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import {
  assign,
  createToken,
  createUnitWithToken,
  fileIssue,
  issueIn,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import pg from 'pg';
import { Receiver } from '../support/receiver.js';
import { ADMIN_URL_ENV } from '../support/test-database.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

/** What the test SMS gateway is sent. */
interface Sms {
  mobile: string;
  templateId: string;
  params: Record<string, string>;
  text: string;
}

interface Notice {
  id: string;
  trigger: string;
  issueId: string | null;
  text: string;
  readAt: string | null;
}

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const INBOX = `query($unread: Boolean) { notifications(unread: $unread) { id trigger issueId text readAt } }`;
const SET_RULE = `mutation($input: SetNotificationRuleInput!) {
  setNotificationRule(input: $input) { trigger enabled channels daysBefore smsTemplateId template }
}`;
const ADD_CONTACT = `mutation($input: AddUnitContactInput!) { addUnitContact(input: $input) { id unitId name mobile role } }`;

const inboxOf = async (t: TestApp, token: string, unread = false) =>
  (await t.ok<{ notifications: Notice[] }>(token, INBOX, { unread })).notifications;
const setRule = (t: TestApp, input: Record<string, unknown>) => t.ok(OFFICE_TOKEN, SET_RULE, { input });
const addContact = async (t: TestApp, input: Record<string, unknown>) =>
  (await t.ok<{ addUnitContact: { id: string } }>(OFFICE_TOKEN, ADD_CONTACT, { input })).addUnitContact;

describe('notifications: units told by text message and inbox', () => {
  let t: TestApp;
  let dispatcher: NotificationDispatcher;
  let gateway: Receiver<Sms>;
  let town: UnitWithToken;
  let bureau: UnitWithToken;
  const logLines: string[] = [];

  beforeAll(async () => {
    gateway = new Receiver<Sms>();
    await gateway.start();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const root = createRootLogger('info', sink);
    t = await createTestApp({
      env: {
        RECTIFY_SMS_GATEWAY_URL: gateway.url,
        RECTIFY_SMS_GATEWAY_SECRET: SECRET,
        RECTIFY_WEBHOOK_TIMEOUT_MS: '2000',
      },
      logger: root,
    });
    await closingAtAcceptance(t);
    // the service's own loggers write to the same lines, as main.ts has them
    Logger.overrideLogger(new PinoNestLogger(root));
    dispatcher = t.app.get(NotificationDispatcher);
    town = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    bureau = await createUnitWithToken(t, { name: '区水务局' });
    await setRule(t, { trigger: 'ASSIGNED', enabled: true, channels: ['SMS', 'INBOX', 'LOG'] });
    await addContact(t, { unitId: town.id, name: '张三', mobile: '13800138000', role: 'RESPONSIBLE' });
    await addContact(t, { unitId: town.id, name: '李四', mobile: '+8613900139000', role: 'LIAISON' });
    await addContact(t, { unitId: bureau.id, name: '王五', mobile: '13700137000', role: 'LIAISON' });
  });

  beforeEach(async () => {
    t.clock.set('2026-03-02T02:00:00.000Z');
    // what the tests before left is planned and sent, and forgotten here
    gateway.answer = () => 200;
    await dispatcher.planOnce();
    await dispatcher.sendDue();
    gateway.received.length = 0;
  });

  afterAll(async () => {
    await t?.close();
    await gateway?.stop();
  });

  it('texts the unit’s 责任人 and 联络员 the assignment in Chinese, signed; the inbox holds it, a peer’s does not', async () => {
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id, { dueAt: '2026-03-31T16:00:00.000Z', cooperatingUnitIds: [bureau.id] });
    await dispatcher.planOnce();
    await dispatcher.sendDue();

    const sms = gateway.verified(SECRET);
    const lead = `【区整改办】您单位有新交办问题 ${issue.code}，整改时限 2026-03-31，请及时签收。`;
    const cooperating = `【区整改办】您单位有新交办问题 ${issue.code}（配合），整改时限 2026-03-31，请及时签收。`;
    expect(sms.map((m) => [m.mobile, m.text]).sort()).toEqual(
      [
        ['13700137000', cooperating],
        ['13800138000', lead],
        ['13900139000', lead],
      ].sort(),
    );
    expect(sms[0]).toMatchObject({
      templateId: 'RECTIFY_ASSIGNED',
      params: { code: issue.code, dueDate: '2026-03-31' },
    });
    // one message id per contact, the same on a retry: the gateway dedupes by it
    expect(new Set(gateway.received.map((r) => r.headers['webhook-id'])).size).toBe(3);

    const townInbox = await inboxOf(t, town.token, true);
    expect(townInbox.map((n) => [n.trigger, n.issueId, n.text])).toEqual([['ASSIGNED', issue.id, lead]]);
    expect((await inboxOf(t, bureau.token, true)).find((n) => n.issueId === issue.id)?.text).toBe(cooperating);
    const peer = await createUnitWithToken(t, { name: '区林业局' });
    expect(await inboxOf(t, peer.token)).toEqual([]);
    // the leaders' inbox has no unit's notifications
    const leader = await createToken(t, 'LEADER');
    expect((await inboxOf(t, leader)).some((n) => n.issueId === issue.id)).toBe(false);

    // the log channel names the unit and the text, never a person or a number
    expect(logLines.some((l) => l.includes(lead))).toBe(true);
    expect(logLines.filter((l) => /1380013|1390013|1370013|张三|李四/.test(l))).toEqual([]);
  });

  it('marks the inbox read, some or all; a unit cannot mark another unit’s', async () => {
    const a = await fileIssue(t);
    const b = await fileIssue(t);
    await assign(t, a.id, town.id);
    await assign(t, b.id, town.id);
    await dispatcher.planOnce();
    const unread = await inboxOf(t, town.token, true);
    const [first, second] = unread.filter((n) => n.issueId === a.id || n.issueId === b.id);
    expect(
      await t.ok(bureau.token, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [first.id] }),
    ).toEqual({ markNotificationsRead: 0 });
    expect(
      await t.ok(town.token, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [first.id] }),
    ).toEqual({ markNotificationsRead: 1 });
    expect((await inboxOf(t, town.token, true)).map((n) => n.id)).toContain(second.id);
    expect((await inboxOf(t, town.token, true)).map((n) => n.id)).not.toContain(first.id);
    await t.ok(town.token, `mutation { markNotificationsRead }`);
    expect(await t.ok(town.token, `{ unreadNotificationCount }`)).toEqual({ unreadNotificationCount: 0 });
    expect((await inboxOf(t, town.token)).find((n) => n.id === first.id)?.readAt).toBe('2026-03-02T02:00:00.000Z');
  });

  it('tells a unit once per problem and rule a day: an assignment moved away and back is one message', async () => {
    const issue = await fileIssue(t);
    const moved = (to: string) =>
      t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
        input: { issueId: issue.id, leadUnitId: to, deadlineKind: 'DATE', dueAt: '2026-03-31T16:00:00.000Z' },
      });
    await assign(t, issue.id, town.id, { dueAt: '2026-03-31T16:00:00.000Z' });
    await moved(bureau.id);
    await moved(town.id);
    await dispatcher.planOnce();
    await dispatcher.sendDue();
    const toTown = (await inboxOf(t, town.token)).filter((n) => n.issueId === issue.id);
    expect(toTown).toHaveLength(1);
    expect(gateway.received.filter((r) => r.message.params.code === issue.code)).toHaveLength(3); // 2 town + 1 bureau
    // the next day it is news again
    t.clock.set('2026-03-03T02:00:00.000Z');
    await moved(bureau.id);
    await moved(town.id);
    await dispatcher.planOnce();
    expect((await inboxOf(t, town.token)).filter((n) => n.issueId === issue.id)).toHaveLength(2);
  });

  it('keeps text messages for the end of quiet hours, and retries a gateway’s 500 with the same message id', async () => {
    t.clock.set('2026-03-02T15:00:00.000Z'); // 23:00 Shanghai
    const issue = await fileIssue(t);
    await assign(t, issue.id, bureau.id);
    await dispatcher.planOnce();
    await dispatcher.sendDue();
    expect(gateway.received).toHaveLength(0);
    // the inbox is silent: it has it at once
    expect((await inboxOf(t, bureau.token, true)).some((n) => n.issueId === issue.id)).toBe(true);

    t.clock.set('2026-03-02T23:00:00.000Z'); // 07:00
    gateway.answer = () => 500;
    await dispatcher.sendDue();
    expect(gateway.received).toHaveLength(1);
    const [{ status, attempts, next }] = await t.db.query<{ status: string; attempts: number; next: Date }[]>(
      `SELECT s.status, s.attempts, s.next_attempt_at AS next FROM notification_messages s
         JOIN notifications n ON n.id = s.notification_id WHERE n.issue_id = $1`,
      [issue.id],
    );
    expect([status, attempts, next.toISOString()]).toEqual(['PENDING', 1, '2026-03-02T23:00:05.000Z']);
    // the office sees it waiting, and why; the log says so too (never the number)
    const listed = await t.ok<{
      textMessages: { status: string; lastResponseCode: number; contact: { name: string } }[];
    }>(
      OFFICE_TOKEN,
      `{ textMessages(status: PENDING) { status attempts lastResponseCode lastError nextAttemptAt contact { name unit { name } } } }`,
    );
    expect(listed.textMessages.filter((m) => m.lastResponseCode !== null)).toEqual([
      {
        status: 'PENDING',
        attempts: 1,
        lastResponseCode: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: '2026-03-02T23:00:05.000Z',
        contact: { name: '王五', unit: { name: '区水务局' } },
      },
    ]);
    expect(logLines.some((l) => l.includes('第 1 次发送失败：HTTP 500'))).toBe(true);
    expect((await t.gql(bureau.token, `{ textMessages { id } }`)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    gateway.answer = () => 200;
    t.clock.set('2026-03-02T23:00:05.000Z');
    await dispatcher.sendDue();
    expect(gateway.received).toHaveLength(2);
    expect(gateway.received[1].headers['webhook-id']).toBe(gateway.received[0].headers['webhook-id']);
    const [row] = await t.db.query<{ status: string }[]>(
      `SELECT s.status FROM notification_messages s JOIN notifications n ON n.id = s.notification_id
        WHERE n.issue_id = $1`,
      [issue.id],
    );
    expect(row.status).toBe('SENT');
  });

  it('sends each text message once when two instances dispatch at the same time', async () => {
    const db2 = new DataSource(dataSourceOptions(t.databaseUrl, 4));
    await db2.initialize();
    const issues = await Promise.all(Array.from({ length: 5 }, () => fileIssue(t)));
    try {
      const second = new NotificationDispatcher(
        db2,
        new NotificationsRepository(db2),
        t.app.get(Clock),
        t.app.get<AppConfig>(APP_CONFIG),
      );
      for (const issue of issues) await assign(t, issue.id, town.id);
      // (the day's reminders are made once too, by whichever gets there)
      await Promise.all([dispatcher.dispatch(), second.dispatch(), dispatcher.dispatch(), second.dispatch()]);
      await Promise.all([dispatcher.dispatch(), second.dispatch()]);
    } finally {
      await db2.destroy();
    }
    const codes = new Set(issues.map((i) => i.code));
    const ours = gateway.received.filter((r) => codes.has(r.message.params.code));
    expect(ours).toHaveLength(10); // 5 problems × 2 contacts
    expect(new Set(ours.map((r) => r.headers['webhook-id'])).size).toBe(10);
  });

  it('plans with its position: a planner that fails leaves nothing half-told, and the retry tells once', async () => {
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id);
    await t.db.query(`
      CREATE FUNCTION test_refuse_notification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await t.db.query(`CREATE TRIGGER test_refuse BEFORE INSERT ON notifications
      FOR EACH ROW EXECUTE FUNCTION test_refuse_notification()`);
    const [{ before }] = await t.db.query<{ before: string }[]>(
      `SELECT planned_below::text AS before FROM notification_dispatch`,
    );
    try {
      await expect(dispatcher.planOnce()).rejects.toThrow(/injected fault/);
    } finally {
      await t.db.query(`DROP TRIGGER test_refuse ON notifications; DROP FUNCTION test_refuse_notification()`);
    }
    const [{ after }] = await t.db.query<{ after: string }[]>(
      `SELECT planned_below::text AS after FROM notification_dispatch`,
    );
    expect(after).toBe(before);
    await dispatcher.planOnce();
    await dispatcher.planOnce();
    const rows = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications WHERE issue_id = $1`, [
      issue.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('is not held back by a long transaction in another database of the same server', async () => {
    // (another application's session, or another test's: the server's transaction ids are shared by its databases)
    const other = new pg.Client({ connectionString: process.env[ADMIN_URL_ENV] });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const issue = await fileIssue(t);
      await assign(t, issue.id, town.id);
      await dispatcher.planOnce();
      expect((await inboxOf(t, town.token, true)).some((n) => n.issueId === issue.id)).toBe(true);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
    }
  });

  it('keeps contacts and rules to the office: a unit reads neither, a leader reads the rules only', async () => {
    const leader = await createToken(t, 'LEADER');
    const code = async (token: string, query: string, variables?: Record<string, unknown>) =>
      (await t.gql(token, query, variables)).errors?.[0].extensions.code;
    expect(await code(town.token, `{ unitContacts { id mobile } }`)).toBe('FORBIDDEN');
    expect(await code(leader, `{ unitContacts { id mobile } }`)).toBe('FORBIDDEN');
    expect(
      await code(town.token, ADD_CONTACT, {
        input: { unitId: town.id, name: '赵六', mobile: '13600136000', role: 'LIAISON' },
      }),
    ).toBe('FORBIDDEN');
    expect(await code(leader, SET_RULE, { input: { trigger: 'OVERDUE', enabled: false, channels: [] } })).toBe(
      'FORBIDDEN',
    );
    const rules = await t.ok<{ notificationRules: { trigger: string; template: string }[] }>(
      leader,
      `{ notificationRules { trigger template } }`,
    );
    expect(rules.notificationRules.map((r) => r.trigger)).toContain('DAILY_DIGEST');
    const contacts = await t.ok<{ unitContacts: { name: string; mobile: string; role: string }[] }>(
      OFFICE_TOKEN,
      `query($u: ID) { unitContacts(unitId: $u) { name mobile role } }`,
      { u: town.id },
    );
    expect(contacts.unitContacts).toEqual([
      { name: '张三', mobile: '13800138000', role: 'RESPONSIBLE' },
      { name: '李四', mobile: '13900139000', role: 'LIAISON' },
    ]);
    // a number that is not a mainland mobile, a leader with a unit, a 责任人 without one
    expect(
      await code(OFFICE_TOKEN, ADD_CONTACT, {
        input: { unitId: town.id, name: '赵六', mobile: '12345', role: 'LIAISON' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await code(OFFICE_TOKEN, ADD_CONTACT, {
        input: { unitId: town.id, name: '赵六', mobile: '13600136000', role: 'LEADER' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await code(OFFICE_TOKEN, ADD_CONTACT, { input: { name: '赵六', mobile: '13600136000', role: 'LIAISON' } }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await code(OFFICE_TOKEN, SET_RULE, {
        input: { trigger: 'OVERDUE', enabled: true, channels: ['INBOX'], daysBefore: 2 },
      }),
    ).toBe('BAD_USER_INPUT');
    // each refusal names its field, its reason and what to do, in Chinese
    const reason = async (query: string, input: Record<string, unknown>) => {
      const [e] = (await t.gql(OFFICE_TOKEN, query, { input })).errors ?? [];
      return [e?.message, (e?.extensions.reasons as { field: string; reason: string }[] | undefined)?.[0]];
    };
    expect(
      await reason(ADD_CONTACT, { unitId: town.id, name: '张三', mobile: '+86 138 0013 8000', role: 'LIAISON' }),
    ).toEqual([
      expect.stringContaining('该单位已有使用此手机号的联系人'),
      { field: 'mobile', reason: 'TAKEN', message: expect.any(String) },
    ]);
    // typed on a phone's Chinese keyboard: full-width digits are the same number
    expect(
      await reason(ADD_CONTACT, { unitId: town.id, name: '张三', mobile: '１３８００１３８０００', role: 'LIAISON' }),
    ).toEqual([
      expect.stringContaining('该单位已有使用此手机号的联系人'),
      { field: 'mobile', reason: 'TAKEN', message: expect.any(String) },
    ]);
    expect(await reason(ADD_CONTACT, { unitId: town.id, name: '赵六', mobile: '1380013800', role: 'LIAISON' })).toEqual(
      [expect.stringContaining('11 位手机号'), { field: 'mobile', reason: 'MALFORMED', message: expect.any(String) }],
    );
    expect(
      await reason(ADD_CONTACT, {
        unitId: '00000000-0000-4000-8000-000000000009',
        name: '赵六',
        mobile: '13600136000',
        role: 'LIAISON',
      }),
    ).toEqual([
      expect.stringContaining('所指的单位不存在'),
      { field: 'unitId', reason: 'UNKNOWN_REFERENCE', message: expect.any(String) },
    ]);
    expect(
      (await reason(ADD_CONTACT, { unitId: town.id, name: '  ', mobile: '13600136000', role: 'LIAISON' }))[1],
    ).toEqual({
      field: 'name',
      reason: 'REQUIRED',
      message: expect.any(String),
    });
    expect(await reason(SET_RULE, { trigger: 'OVERDUE', enabled: true, channels: [] })).toEqual([
      expect.stringContaining('请至少选择一个渠道'),
      { field: 'channels', reason: 'REQUIRED', message: expect.any(String) },
    ]);
  });

  it('gives each leader and office token the digest to read for itself', async () => {
    t.clock.set('2026-03-03T00:30:00.000Z'); // 08:30
    await setRule(t, { trigger: 'DAILY_DIGEST', enabled: true, channels: ['INBOX'] });
    await dispatcher.daily();
    const [head, deputy] = [
      await createToken(t, 'LEADER', undefined, '区长'),
      await createToken(t, 'LEADER', undefined, '副区长'),
    ];
    const unread = async (token: string) =>
      (await t.ok<{ unreadNotificationCount: number }>(token, `{ unreadNotificationCount }`)).unreadNotificationCount;
    const before = await unread(OFFICE_TOKEN);
    expect(before).toBeGreaterThan(0);
    expect([await unread(head), await unread(deputy)]).toEqual([before, before]);
    expect(await t.ok(head, `mutation { markNotificationsRead }`)).toEqual({ markNotificationsRead: before });
    expect(await t.ok(head, `mutation { markNotificationsRead }`)).toEqual({ markNotificationsRead: 0 });
    expect([await unread(head), await unread(deputy), await unread(OFFICE_TOKEN)]).toEqual([0, before, before]);
    expect((await inboxOf(t, head))[0].readAt).toBe('2026-03-03T00:30:00.000Z');
    expect((await inboxOf(t, deputy))[0].readAt).toBeNull();
  });

  it('stops texting a contact once removed', async () => {
    const c = await addContact(t, { unitId: town.id, name: '钱七', mobile: '13500135000', role: 'LIAISON' });
    t.clock.set('2026-03-02T15:00:00.000Z'); // quiet hours: the message waits
    const issue = await fileIssue(t);
    await assign(t, issue.id, town.id);
    await dispatcher.planOnce();
    expect(await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { removeUnitContact(id: $id) }`, { id: c.id })).toEqual({
      removeUnitContact: true,
    });
    t.clock.set('2026-03-02T23:00:00.000Z');
    await dispatcher.sendDue();
    expect(
      gateway.received
        .filter((r) => r.message.params.code === issue.code)
        .map((r) => r.message.mobile)
        .sort(),
    ).toEqual(['13800138000', '13900139000']);
  });
});

describe('notifications: the day’s reminders and the leaders’ digest', () => {
  let t: TestApp;
  let dispatcher: NotificationDispatcher;
  let gateway: Receiver<Sms>;
  let town: UnitWithToken;

  beforeAll(async () => {
    gateway = new Receiver<Sms>();
    await gateway.start();
    t = await createTestApp({ now: '2026-03-05T02:00:00.000Z', env: { RECTIFY_SMS_GATEWAY_URL: gateway.url } });
    await closingAtAcceptance(t);
    dispatcher = t.app.get(NotificationDispatcher);
    town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
  });

  afterAll(async () => {
    await t?.close();
    await gateway?.stop();
  });

  it('reminds the lead of near and passed deadlines each morning, and gives the leaders yesterday in four numbers', async () => {
    await setRule(t, { trigger: 'DUE_SOON', enabled: true, channels: ['INBOX'], daysBefore: 3 });
    await setRule(t, { trigger: 'OVERDUE', enabled: true, channels: ['INBOX', 'SMS'] });
    await setRule(t, {
      trigger: 'DAILY_DIGEST',
      enabled: true,
      channels: ['INBOX', 'SMS'],
      smsTemplateId: 'SMS_100200',
    });
    await addContact(t, { name: '区长', mobile: '13100131000', role: 'LEADER' });
    await addContact(t, { unitId: town.id, name: '镇整改专班', mobile: '13200132000', role: 'RESPONSIBLE' });
    const leader = await createToken(t, 'LEADER');

    // 3/5: B is due on 3/7
    const late = await fileIssue(t);
    await assign(t, late.id, town.id, { dueAt: '2026-03-07T16:00:00.000Z' });
    // 3/9: one problem filed and walked to 销号, one filed, B escalated twice, then C due on 3/11
    t.clock.set('2026-03-09T02:00:00.000Z');
    await issueIn(t, 'CLOSED', town);
    await fileIssue(t);
    expect((await t.app.get(DeadlineSweepService).sweep()).escalations).toBe(2);
    // both rungs climbed in one sweep: the unit is told the higher, once
    await dispatcher.planOnce();
    expect((await inboxOf(t, town.token)).filter((n) => n.trigger === 'ESCALATED').map((n) => n.text)).toEqual([
      `【区整改办】您单位问题 ${late.code} 已被督办（整改时限 2026-03-07），请抓紧整改并报告进展。`,
    ]);
    const near = await fileIssue(t);
    await assign(t, near.id, town.id, { dueAt: '2026-03-11T16:00:00.000Z' });
    // due on 3/13 at 18:00: three calendar days from 3/10, though more than three times 24 hours from 08:00
    const edge = await fileIssue(t);
    await assign(t, edge.id, town.id, { dueAt: '2026-03-13T10:00:00.000Z' });
    const far = await fileIssue(t);
    await assign(t, far.id, town.id, { dueAt: '2026-03-14T10:00:00.000Z' });

    t.clock.set('2026-03-09T23:59:00.000Z'); // 3/10 07:59: not yet
    expect(await dispatcher.daily()).toBeNull();
    t.clock.set('2026-03-10T00:00:00.000Z'); // 08:00
    expect(await dispatcher.daily()).toBe('2026-03-10');
    expect(await dispatcher.daily()).toBeNull();

    const reminders = (await inboxOf(t, town.token)).filter((n) => n.trigger === 'DUE_SOON' || n.trigger === 'OVERDUE');
    expect(reminders.map((n) => n.text).sort()).toEqual(
      [
        `【区整改办】您单位问题 ${near.code} 整改时限 2026-03-11（还剩 1 天），请抓紧整改。`,
        `【区整改办】您单位问题 ${edge.code} 整改时限 2026-03-13（还剩 3 天），请抓紧整改。`,
        `【区整改办】您单位问题 ${late.code} 已逾期 3 天（整改时限 2026-03-07），请立即整改。`,
      ].sort(),
    );
    const digest = '【区整改办】3月9日 整改日报：新增问题 5 个，预警督办 2 次，销号 1 个；截至目前逾期 1 个。';
    expect((await inboxOf(t, leader)).map((n) => [n.trigger, n.text])).toEqual([['DAILY_DIGEST', digest]]);
    expect((await inboxOf(t, OFFICE_TOKEN)).map((n) => n.text)).toEqual([digest]);
    expect(await inboxOf(t, town.token)).not.toContainEqual(expect.objectContaining({ trigger: 'DAILY_DIGEST' }));

    await dispatcher.sendDue();
    expect(gateway.received.map((r) => [r.message.mobile, r.message.templateId, r.message.text]).sort()).toEqual(
      [
        ['13100131000', 'SMS_100200', digest],
        [
          '13200132000',
          'RECTIFY_OVERDUE',
          `【区整改办】您单位问题 ${late.code} 已逾期 3 天（整改时限 2026-03-07），请立即整改。`,
        ],
      ].sort(),
    );

    // the next morning, again: B is still overdue, by a day more
    t.clock.set('2026-03-11T00:30:00.000Z');
    expect(await dispatcher.daily()).toBe('2026-03-11');
    expect((await inboxOf(t, town.token, true)).map((n) => n.text)).toContain(
      `【区整改办】您单位问题 ${late.code} 已逾期 4 天（整改时限 2026-03-07），请立即整改。`,
    );
  });

  it('refuses the SMS channel when no gateway is configured', async () => {
    const bare = await createTestApp();
    await closingAtAcceptance(bare);
    try {
      const reply = await bare.gql(OFFICE_TOKEN, SET_RULE, {
        input: { trigger: 'ASSIGNED', enabled: true, channels: ['SMS'] },
      });
      expect(reply.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(reply.errors?.[0].message).toContain('RECTIFY_SMS_GATEWAY_URL');
    } finally {
      await bare.close();
    }
  });
});
