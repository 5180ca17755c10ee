// Screen tokens (大屏令牌): the office issues one for a named wall screen; it reads as a leader and changes nothing —
// every mutation (over HTTP and graphql-ws), upload and import is FORBIDDEN — until it is revoked.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { assign, createToken, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { ScreenTokens1763900000036 } from '../../migrations/1763900000036-screen-tokens.js';
import { JPEG } from '../factories/photo.factory.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const SCREEN = '指挥中心大屏';
const CREATE_SCREEN = `mutation($name: String!) { createScreenToken(name: $name) { token role label screen unit { id } } }`;
const TOKENS = `{ tokens(includeRevoked: true) { id label role screen revokedAt unit { id } } }`;
const WEEKLY = `query($w: Date!) { weeklyReport(weekOf: $w) { rows { unit { id } total open closed } total { total open closed } } }`;
const ISSUES = `{ issues(first: 50) { totalCount edges { node { id code title leadUnit { id } } } } }`;

interface TokenInfo {
  id: string;
  label: string | null;
  role: string;
  screen: boolean;
  revokedAt: string | null;
  unit: { id: string } | null;
}

describe('screen tokens (大屏令牌)', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let leader: string;
  let screen: string;
  let issueId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await t.app.listen(0, '127.0.0.1');
    town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');
    const issue = await fileIssue(t, { title: '河道两岸生活垃圾堆放' });
    await assign(t, issue.id, town.id);
    await fileIssue(t, { title: '砂石场扬尘未覆盖' });
    issueId = issue.id;
    const made = await t.ok<{ createScreenToken: { token: string } }>(OFFICE_TOKEN, CREATE_SCREEN, { name: SCREEN });
    screen = made.createScreenToken.token;
  });
  afterAll(() => t.close());

  it('is issued by the office for a named screen: a LEADER token labelled with the screen’s name, marked screen', async () => {
    const again = await t.ok<{
      createScreenToken: { token: string; role: string; label: string; screen: boolean; unit: null };
    }>(OFFICE_TOKEN, CREATE_SCREEN, { name: '  二楼会商室大屏 ' });
    expect(again.createScreenToken).toMatchObject({
      role: 'LEADER',
      label: '二楼会商室大屏',
      screen: true,
      unit: null,
    });
    expect(again.createScreenToken.token).toMatch(/^rct_/);
    const me = await t.ok<{ me: { role: string; label: string; screen: boolean } }>(
      screen,
      '{ me { role label screen } }',
    );
    // The name people gave the screen, never an id or a prefix.
    expect(me.me).toEqual({ role: 'LEADER', label: SCREEN, screen: true });
    const { tokens } = await t.ok<{ tokens: TokenInfo[] }>(OFFICE_TOKEN, TOKENS);
    expect(tokens.find((x) => x.label === SCREEN)).toMatchObject({ role: 'LEADER', screen: true, unit: null });
    // Ordinary tokens are not screens.
    expect(tokens.find((x) => x.label === '区领导')?.screen).toBe(false);
    expect((await t.ok<{ me: { screen: boolean } }>(leader, '{ me { screen } }')).me.screen).toBe(false);
  });

  it('refuses a nameless screen as BAD_USER_INPUT, and a unit or a leader issuing one as FORBIDDEN', async () => {
    const blank = await t.gql(OFFICE_TOKEN, CREATE_SCREEN, { name: '   ' });
    expect(blank.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const long = await t.gql(OFFICE_TOKEN, CREATE_SCREEN, { name: '屏'.repeat(101) });
    expect(long.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    for (const token of [town.token, leader, screen]) {
      const refused = await t.gql(token, CREATE_SCREEN, { name: '偷偷加的大屏' });
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(refused.data).toBeNull();
    }
    const { tokens } = await t.ok<{ tokens: TokenInfo[] }>(OFFICE_TOKEN, TOKENS);
    expect(tokens.some((x) => x.label === '偷偷加的大屏')).toBe(false);
  });

  it('reads as a leader: the same weekly report and problem list', async () => {
    for (const query of [WEEKLY, ISSUES]) {
      const asLeader = await t.ok(leader, query, { w: '2026-03-02' });
      const asScreen = await t.ok(screen, query, { w: '2026-03-02' });
      expect(asScreen).toEqual(asLeader);
    }
    const { issues } = await t.ok<{ issues: { totalCount: number } }>(screen, ISSUES);
    expect(issues.totalCount).toBe(2);
    // The bulletin downloads too (a GET changes nothing).
    const xlsx = await request(t.app.getHttpServer())
      .get('/reports/weekly.xlsx?weekOf=2026-03-02')
      .set('authorization', `Bearer ${screen}`);
    expect(xlsx.status).toBe(200);
  });

  it('is refused every mutation as FORBIDDEN, even those a leader may make, and changes nothing', async () => {
    const attempts: [string, string, Record<string, unknown>][] = [
      [
        'fileIssue',
        `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`,
        {
          input: {
            source: 'CENTRAL_INSPECTION',
            title: '大屏不该立的案',
            description: '大屏令牌只读',
            category: 'WATER',
          },
        },
      ],
      [
        'issueInstruction',
        `mutation($ids: [ID!]) { issueInstruction(issueIds: $ids, text: "抓紧整改") { id } }`,
        { ids: [issueId] },
      ],
      [
        'signOffIssue',
        `mutation($id: ID!) { signOffIssue(issueId: $id, step: LEADERSHIP_APPROVAL) { id } }`,
        { id: issueId },
      ],
      ['markNotificationsRead', `mutation { markNotificationsRead }`, {}],
      [
        'reportProgress',
        `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 50, comment: "过半") { id } }`,
        { id: issueId },
      ],
      ['createToken', `mutation { createToken(role: OFFICE, label: "升级") { token } }`, {}],
      [
        'revokeToken',
        `mutation($id: ID!) { revokeToken(id: $id) { id } }`,
        { id: '00000000-0000-0000-0000-000000000000' },
      ],
      ['createUnit', `mutation { createUnit(code: "X1", name: "大屏单位", kind: OTHER) { id } }`, {}],
    ];
    for (const [name, query, variables] of attempts) {
      const reply = await t.gql(screen, query, variables);
      expect([name, reply.errors?.[0].extensions.code]).toEqual([name, 'FORBIDDEN']);
      expect([name, reply.errors?.[0].message]).toEqual([name, expect.stringContaining('read-only')]);
    }
    // A leader may mark the leaders' inbox read and write an instruction: the screen, a leader, may not.
    expect((await t.gql(leader, `mutation { markNotificationsRead }`)).errors).toBeUndefined();
    const { issues } = await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, ISSUES);
    expect(issues.totalCount).toBe(2);
    const instructions: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM leader_instructions`);
    expect(instructions[0].n).toBe(0);
  });

  it('is refused an evidence upload and a handover import as FORBIDDEN', async () => {
    const upload = await request(t.app.getHttpServer())
      .post(`/issues/${issueId}/evidence`)
      .set('authorization', `Bearer ${screen}`)
      .attach('file', JPEG, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect([upload.status, upload.body.errors?.[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const imported = await request(t.app.getHttpServer())
      .post('/imports?dryRun=true')
      .set('authorization', `Bearer ${screen}`)
      .attach('file', Buffer.from('not a list'), { filename: 'list.xlsx' });
    expect([imported.status, imported.body.errors?.[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const stored: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM evidence`);
    expect(stored[0].n).toBe(0);
  });

  it('follows events over graphql-ws, and is refused a mutation sent over the same socket', async () => {
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${screen}` },
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>(
        (resolve, reject) => {
          client.subscribe(
            { query: `mutation { markNotificationsRead }` },
            { next: resolve, error: reject, complete: () => undefined },
          );
        },
      );
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const seen: unknown[] = [];
      const errors: unknown[] = [];
      client.subscribe(
        { query: `subscription { issueEvents { seq } }` },
        {
          next: (v) => (v.errors ? errors.push(...v.errors) : seen.push(v.data)),
          error: (e) => errors.push(e),
          complete: () => undefined,
        },
      );
      await new Promise((r) => setTimeout(r, 300));
      await fileIssue(t, { title: '大屏看得见的新问题' });
      for (const end = Date.now() + 5000; seen.length === 0 && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 20));
      expect(errors).toEqual([]);
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it('has a migration that goes down and up again (in a transaction, rolled back)', async () => {
    const runner = t.db.createQueryRunner();
    const columns = async () =>
      (
        await runner.query(
          `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'api_tokens' AND column_name = 'screen'`,
        )
      )[0].n;
    await runner.startTransaction();
    try {
      const migration = new ScreenTokens1763900000036();
      await migration.down(runner);
      expect(await columns()).toBe(0);
      await migration.up(runner);
      expect(await columns()).toBe(1);
      // Only a leader without a unit may be a screen.
      await expect(runner.query(`UPDATE api_tokens SET screen = true WHERE role = 'OFFICE'`)).rejects.toThrow(
        /api_tokens_screen_leader/,
      );
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('stops at once when the office revokes it: UNAUTHENTICATED', async () => {
    const { tokens } = await t.ok<{ tokens: TokenInfo[] }>(OFFICE_TOKEN, TOKENS);
    const id = tokens.find((x) => x.label === SCREEN)!.id;
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }`, { id });
    const after = await t.gql(screen, WEEKLY, { w: '2026-03-02' });
    expect(after.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const listed = (await t.ok<{ tokens: TokenInfo[] }>(OFFICE_TOKEN, TOKENS)).tokens.find((x) => x.id === id)!;
    expect(listed.revokedAt).not.toBeNull();
  });
});
