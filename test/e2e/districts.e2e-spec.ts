// Two districts in one service (issue #28): each district's office, units and leaders see only their own district —
// every list, every lookup by another district's id (answered exactly as a missing id), exports, evidence downloads,
// webhooks, inboxes and live events — and the city's roles read both and change nothing yet.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createClient, type Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service.js';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.service.js';
import { cityWide } from '../../src/tenancy/district-scope.js';
import { JPEG } from '../factories/photo.factory.js';
import { addDistrict, insertToken } from '../support/districts.js';
import { Receiver } from '../support/receiver.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

interface District {
  name: string;
  unitName: string;
  office: string;
  unit: string;
  leader: string;
  unitId: string;
  issueId: string;
  evidenceId: string;
  webhookId: string;
  deliveryId: string;
}

type Role = 'office' | 'unit' | 'leader';
const ROLES: Role[] = ['office', 'unit', 'leader'];

/** What a reply says, without the words (which may name the id asked for): its data and its error codes. */
const shape = (r: GqlReply<unknown>) => ({ data: r.data, codes: (r.errors ?? []).map((e) => e.extensions.code) });

describe('two districts in one service', () => {
  let t: TestApp;
  let receiver: Receiver<{ data: { issueId: string } }>;
  let wsUrl: string;
  const d: Record<'A' | 'B', District> = {} as Record<'A' | 'B', District>;
  let cityLeader: string;
  let cityOffice: string;
  let districtB: string;

  async function build(key: 'A' | 'B', office: string, name: string, unitName: string): Promise<void> {
    const unit = await t.ok<{ createUnit: { id: string } }>(
      office,
      `mutation($n: String!) { createUnit(code: "SJZ", name: $n, kind: TOWN) { id } }`,
      { n: unitName },
    );
    const unitId = unit.createUnit.id;
    const token = async (role: string, unitId?: string) =>
      (
        await t.ok<{ createToken: { token: string } }>(
          office,
          `mutation($r: Role!, $u: ID) { createToken(role: $r, unitId: $u, label: "t") { token } }`,
          { r: role, u: unitId },
        )
      ).createToken.token;
    const unitToken = await token('UNIT', unitId);
    const leader = await token('LEADER');
    const hook = await t.ok<{ createWebhook: { webhook: { id: string } } }>(
      office,
      `mutation($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`,
      { url: receiver.url },
    );
    const filed = await t.ok<{ fileIssue: { id: string } }>(
      office,
      `mutation($t: String!) { fileIssue(input: { source: CENTRAL_INSPECTION, batch: "第三轮 第1批", title: $t, description: "渗滤液外溢", category: SOLID_WASTE }) { id } }`,
      { t: `${name}磷石膏堆场` },
    );
    const issueId = filed.fileIssue.id;
    await t.ok(
      office,
      `mutation($id: ID!, $u: ID!, $d: DateTime!) { assignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $d }) { id } }`,
      { id: issueId, u: unitId, d: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString() },
    );
    await t.ok(unitToken, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issueId });
    const up = await request(t.app.getHttpServer())
      .post(`/issues/${issueId}/evidence`)
      .set('authorization', `Bearer ${unitToken}`)
      .attach('file', JPEG, { filename: 'site.jpg', contentType: 'image/jpeg' });
    expect(up.status).toBe(201);
    const evidenceId = (up.body as { id: string }).id;
    await t.ok(
      unitToken,
      `mutation($id: ID!, $e: [ID!]) { reportProgress(issueId: $id, progressPercent: 30, comment: "截污", evidenceIds: $e) { id } }`,
      { id: issueId, e: [evidenceId] },
    );
    d[key] = {
      name,
      unitName,
      office,
      unit: unitToken,
      leader,
      unitId,
      issueId,
      evidenceId,
      webhookId: hook.createWebhook.webhook.id,
      deliveryId: '',
    };
  }

  beforeAll(async () => {
    t = await createTestApp({
      env: { RECTIFY_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', RECTIFY_WEBHOOK_TIMEOUT_MS: '2000' },
    });
    await t.app.listen(0, '127.0.0.1');
    wsUrl = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    receiver = new Receiver();
    await receiver.start();
    const b = await addDistrict(t, '南岸区', '500108');
    districtB = b.id;
    const city = await addDistrict(t, '重庆市', '500000', 'CITY');
    cityOffice = city.officeToken;
    cityLeader = await insertToken(t, city.id, 'CITY_LEADER', '市领导');
    await build('A', OFFICE_TOKEN, '南川区', '水江镇');
    await build('B', b.officeToken, '南岸区', '南坪街道');
    // The planners run per district: each district's webhook hears its own problem's events, its unit its own inbox.
    await t.app.get(WebhookDispatcher).dispatch();
    await t.app.get(NotificationDispatcher).dispatch();
    for (const k of ['A', 'B'] as const) {
      const r = await t.ok<{ webhookDeliveries: { id: string }[] }>(
        d[k].office,
        `query($w: ID!) { webhookDeliveries(webhookId: $w) { id } }`,
        { w: d[k].webhookId },
      );
      d[k].deliveryId = r.webhookDeliveries[0].id;
    }
  });

  afterAll(async () => {
    await receiver?.stop();
    await t?.close();
  });

  const pairs = (['A', 'B'] as const).flatMap((me) => ROLES.map((role) => [me, role, me === 'A' ? 'B' : 'A'] as const));

  it.each(pairs)('%s’s %s: every list holds its own district only', async (me, role, other) => {
    const token = d[me][role];
    const list = await t.ok<{ issues: { totalCount: number; edges: { node: { id: string } }[] } }>(
      token,
      `{ issues(first: 100, filter: { includeFormer: true }) { totalCount edges { node { id } } } }`,
    );
    expect(list.issues.edges.map((e) => e.node.id)).toEqual([d[me].issueId]);
    expect(list.issues.totalCount).toBe(1);
    const units = await t.ok<{ units: { name: string }[] }>(token, `{ units { name } }`);
    expect(units.units.map((u) => u.name)).toEqual([d[me].unitName]);
    const table = await t.ok<{ closureReport: { rows: { unit: { name: string } }[]; total: { total: number } } }>(
      token,
      `{ closureReport { rows { unit { name } } total { total } } }`,
    );
    expect(table.closureReport.rows.map((r) => r.unit.name)).toEqual([d[me].unitName]);
    expect(table.closureReport.total.total).toBe(1);
    const search = await t.ok<{ issues: { totalCount: number } }>(
      token,
      `query($s: String!) { issues(filter: { search: $s }) { totalCount } }`,
      {
        s: d[other].name,
      },
    );
    expect(search.issues.totalCount).toBe(0);
    if (role !== 'leader') {
      const hooks = await t.ok<{ webhooks: { id: string }[] }>(token, `{ webhooks { id } }`);
      expect(hooks.webhooks.map((h) => h.id)).not.toContain(d[other].webhookId);
    }
    const inbox = await t.ok<{ notifications: { issueId: string | null }[] }>(token, `{ notifications { issueId } }`);
    expect(inbox.notifications.map((n) => n.issueId)).not.toContain(d[other].issueId);
    if (role === 'office') {
      const tokens = await t.ok<{ tokens: { id: string }[] }>(token, `{ tokens { id } }`);
      const all = (await cityWide(() => t.db.query(`SELECT id, district_id FROM api_tokens`))) as {
        id: string;
        district_id: string;
      }[];
      const mine = new Set(all.filter((x) => tokens.tokens.some((k) => k.id === x.id)).map((x) => x.district_id));
      expect(mine.size).toBe(1);
    }
  });

  it.each(pairs)('%s’s %s: another district’s ids answer exactly as ids that do not exist', async (me, role, other) => {
    const token = d[me][role];
    const same = async (query: string, vars: (id: string) => Record<string, unknown>, theirs: string) => {
      const a = shape(await t.gql(token, query, vars(theirs)));
      const b = shape(await t.gql(token, query, vars(randomUUID())));
      expect({ query, reply: a }).toEqual({ query, reply: b });
    };
    const o = d[other];
    await same(`query($id: ID!) { issue(id: $id) { id title } }`, (id) => ({ id }), o.issueId);
    await same(`query($id: ID!) { node(id: $id) { id } }`, (id) => ({ id }), o.issueId);
    await same(`mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, (id) => ({ id }), o.issueId);
    await same(
      `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 50, comment: "x") { id } }`,
      (id) => ({ id }),
      o.issueId,
    );
    await same(
      `mutation($id: ID!, $e: [ID!]) { reportProgress(issueId: $id, progressPercent: 50, comment: "x", evidenceIds: $e) { id } }`,
      (e) => ({ id: d[me].issueId, e: [e] }),
      o.evidenceId,
    );
    await same(`query($id: ID!) { issues(filter: { unitId: $id }) { totalCount } }`, (id) => ({ id }), o.unitId);
    await same(`query($id: ID!) { closureReport(unitId: $id) { total { total } } }`, (id) => ({ id }), o.unitId);
    await same(`query($w: ID!) { webhookDeliveries(webhookId: $w) { id } }`, (w) => ({ w }), o.webhookId);
    await same(`mutation($id: ID!) { deleteWebhook(id: $id) }`, (id) => ({ id }), o.webhookId);
    await same(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, (id) => ({ id }), o.deliveryId);
    if (role === 'office') {
      await same(
        `mutation($u: ID!) { createToken(role: UNIT, unitId: $u, label: "x") { token } }`,
        (u) => ({ u }),
        o.unitId,
      );
      await same(
        `mutation($id: ID!, $u: ID!, $d: DateTime!) { reassignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $d, comment: "x" }) { id } }`,
        (u) => ({ id: d[me].issueId, u, d: new Date(t.clock.now().getTime() + 40 * 86_400_000).toISOString() }),
        o.unitId,
      );
      await same(`mutation($id: ID!) { revokeToken(id: $id) { id } }`, (id) => ({ id }), o.webhookId);
    }
    // Over HTTP: the evidence of another district is not found, to download or to add to.
    for (const path of [`/evidence/${o.evidenceId}`, `/evidence/${randomUUID()}`]) {
      const res = await request(t.app.getHttpServer()).get(path).set('authorization', `Bearer ${token}`);
      expect({ path: path.startsWith(`/evidence/${o.evidenceId}`) ? 'theirs' : 'missing', status: res.status }).toEqual(
        {
          path: path.startsWith(`/evidence/${o.evidenceId}`) ? 'theirs' : 'missing',
          status: 404,
        },
      );
    }
    const upload = async (issueId: string) =>
      (
        await request(t.app.getHttpServer())
          .post(`/issues/${issueId}/evidence`)
          .set('authorization', `Bearer ${token}`)
          .attach('file', JPEG, { filename: 'x.jpg', contentType: 'image/jpeg' })
      ).status;
    expect(await upload(o.issueId)).toBe(await upload(randomUUID()));
  });

  it.each(pairs)('%s’s %s: exports hold its own district only', async (me, role, other) => {
    const res = await request(t.app.getHttpServer())
      .get('/reports/weekly.csv?weekOf=2026-03-02')
      .set('authorization', `Bearer ${d[me][role]}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(d[me].unitName);
    expect(res.text).not.toContain(d[other].unitName);
  });

  it('each district’s callers name their own district only; the city’s roles name every district', async () => {
    const names = async (token: string) =>
      (
        await t.ok<{ districts: { name: string; code: string; kind: string }[] }>(
          token,
          `{ districts { name code kind } }`,
        )
      ).districts;
    for (const role of ROLES) {
      expect(await names(d.A[role])).toEqual([{ name: '南川区', code: '500119', kind: 'DISTRICT' }]);
      expect(await names(d.B[role])).toEqual([{ name: '南岸区', code: '500108', kind: 'DISTRICT' }]);
    }
    for (const city of [cityOffice, cityLeader]) {
      expect((await names(city)).map((x) => x.name)).toEqual(['南岸区', '南川区']);
    }
  });

  it('each district’s bulletin is titled with its own name; the city’s roles read the city’s', async () => {
    const name = async (token: string) =>
      (await t.ok<{ districtName: string }>(token, `{ districtName }`)).districtName;
    // The default district keeps RECTIFY_DISTRICT_NAME (unnamed here); every other is named by its row.
    expect(await name(d.A.office)).toBe('');
    for (const role of ROLES) expect(await name(d.B[role])).toBe('南岸区');
    expect(await name(cityLeader)).toBe('重庆市');
    const res = await request(t.app.getHttpServer())
      .get('/reports/weekly.xlsx?weekOf=2026-03-02')
      .set('authorization', `Bearer ${d.B.office}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    expect(String(book.getWorksheet('周通报')!.getCell('A1').value)).toMatch(/^南岸区督察整改周通报/);
  });

  it('each district’s webhook was sent its own district’s events only', async () => {
    await t.app.get(WebhookDispatcher).dispatch();
    for (const stop = Date.now() + 5000; receiver.received.length < 2 && Date.now() < stop;)
      await new Promise((r) => setTimeout(r, 50));
    // Each receiver URL is the same here: who was sent what is told by the webhook-id's delivery, so compare per message.
    const ids = receiver.received.map((m) => m.message.data.issueId);
    expect(new Set(ids)).toEqual(new Set([d.A.issueId, d.B.issueId]));
    for (const k of ['A', 'B'] as const) {
      const r = await t.ok<{ webhookDeliveries: { id: string }[] }>(
        d[k].office,
        `query($w: ID!) { webhookDeliveries(webhookId: $w) { id } }`,
        { w: d[k].webhookId },
      );
      expect(r.webhookDeliveries.length).toBeGreaterThan(0);
    }
  });

  it('a live subscriber hears its own district’s events, never another’s', async () => {
    const clients: Client[] = [];
    const follow = (token: string, districtId?: string) => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      clients.push(client);
      const seen: string[] = [];
      client.subscribe<{ issueEvents: { comment: string | null; unit: { name: string } | null } }>(
        {
          query: `subscription($d: ID) { issueEvents(districtId: $d) { comment unit { name } } }`,
          variables: { d: districtId ?? null },
        },
        {
          next: (v) => v.data && seen.push(`${v.data.issueEvents.comment} ${v.data.issueEvents.unit?.name}`),
          error: () => undefined,
          complete: () => undefined,
        },
      );
      return seen;
    };
    try {
      const a = follow(d.A.office);
      const b = follow(d.B.leader);
      const city = follow(cityLeader);
      // The city's dashboard reading one district hears that district only.
      const cityOnB = follow(cityOffice, districtB);
      await new Promise((r) => setTimeout(r, 500));
      for (const k of ['A', 'B'] as const)
        await t.ok(
          d[k].unit,
          `mutation($id: ID!, $c: String!) { reportProgress(issueId: $id, progressPercent: 60, comment: $c) { id } }`,
          { id: d[k].issueId, c: `${d[k].name}进展` },
        );
      for (const end = Date.now() + 5000; (a.length < 1 || b.length < 1 || city.length < 2) && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 400));
      const heard = (k: 'A' | 'B') => `${d[k].name}进展 ${d[k].unitName}`;
      expect(a).toEqual([heard('A')]);
      expect(b).toEqual([heard('B')]);
      expect(new Set(city)).toEqual(new Set([heard('A'), heard('B')]));
      expect(cityOnB).toEqual([heard('B')]);
      // A district's caller naming another district is refused.
      const refused = await new Promise<string>((resolve) => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${d.A.office}` },
          retryAttempts: 0,
        });
        clients.push(client);
        client.subscribe(
          { query: `subscription($d: ID) { issueEvents(districtId: $d) { seq } }`, variables: { d: districtB } },
          {
            next: (v) => resolve(JSON.stringify(v)),
            error: (e) => resolve(JSON.stringify(e)),
            complete: () => resolve('complete'),
          },
        );
      });
      expect(refused).toContain('FORBIDDEN');
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('the city’s roles read every district and change nothing yet', async () => {
    for (const token of [cityLeader, cityOffice]) {
      const list = await t.ok<{ issues: { totalCount: number; edges: { node: { id: string } }[] } }>(
        token,
        `{ issues(first: 100) { totalCount edges { node { id } } } }`,
      );
      expect(list.issues.totalCount).toBe(2);
      expect(new Set(list.issues.edges.map((e) => e.node.id))).toEqual(new Set([d.A.issueId, d.B.issueId]));
      const one = await t.ok<{ issue: { id: string } }>(token, `query($id: ID!) { issue(id: $id) { id } }`, {
        id: d.B.issueId,
      });
      expect(one.issue.id).toBe(d.B.issueId);
      const filed = await t.gql(
        token,
        `mutation { fileIssue(input: { source: SELF_INSPECTION, title: "x", description: "x", category: OTHER }) { id } }`,
      );
      expect(filed.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(filed.errors?.[0].message).toMatch(/city/i);
      const verified = await t.gql(token, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, {
        id: d.A.issueId,
      });
      expect(verified.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    // A district's office cannot mint a city token.
    const minted = await t.gql(OFFICE_TOKEN, `mutation { createToken(role: CITY_LEADER, label: "x") { token } }`);
    expect(minted.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
