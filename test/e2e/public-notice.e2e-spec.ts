// 销号公示 on the public page (#25): the closures in their notice, listed without a token in the office's public
// wording with their last day; anyone objects there, with a contact, a few times an hour from one address; the first
// objection stops the notice through the transition path, later ones join it; only the office reads who objected.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assign, createToken, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { freePort, startService, waitHealthy } from '../support/processes.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const NOTICES = `{ publicNotices(first: 20) { totalCount edges { node {
  id code title description substate noticeEndDay leadUnit { name } complainant { name } allowedEvents } } } }`;
const OBJECT = `mutation($input: PublicObjectionInput!) { objectToPublicNotice(input: $input) { issueCode receivedAt stoppedNotice } }`;
const OBJECTORS = `query($id: ID!) { issue(id: $id) { substate awaitingMe
  noticeObjections { eventSeq name phone comment receivedAt }
  events { type actor comment } } }`;

interface Notice {
  id: string;
  code: string;
  title: string;
  description: string;
  substate: string;
  noticeEndDay: string;
}

describe('销号公示 on the public page: the list, and objections from anyone', () => {
  let t: TestApp;
  let lead: UnitWithToken;
  let leader: string;
  let inNotice: { id: string; code: string };
  let withLeaders: { id: string };

  const walk = async (title: string, publicSummary: string | null) => {
    const issue = await fileIssue(t, { source: 'SPECIAL_INSPECTION', title });
    if (publicSummary)
      await t.ok(
        OFFICE_TOKEN,
        'mutation($id: ID!, $s: String) { publishIssue(issueId: $id, published: false, publicSummary: $s) { id } }',
        {
          id: issue.id,
          s: publicSummary,
        },
      );
    await assign(t, issue.id, lead.id, { dueAt: '2026-04-30T15:59:59.000Z' });
    for (const m of ['acceptIssue(issueId: $id)', 'submitRectification(issueId: $id, summary: "已完成治理")'])
      await t.ok(lead.token, `mutation($id: ID!) { r: ${m} { id } }`, { id: issue.id });
    await t.ok(OFFICE_TOKEN, 'mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }', { id: issue.id });
    return issue;
  };
  const objection = (over: Record<string, unknown> = {}) => ({
    issueId: inNotice.id,
    comment: '夜间仍闻到刺鼻气味',
    name: '李女士',
    phone: '138 0013 8000',
    ...over,
  });

  beforeAll(async () => {
    // Monday 2 March 2026: five working days run to the end of Monday 9 March.
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', env: { RECTIFY_OBJECTIONS_PER_HOUR: '2' } });
    lead = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');
    await t.ok(
      OFFICE_TOKEN,
      'mutation { setClosurePolicy(source: SPECIAL_INSPECTION, steps: [PUBLIC_NOTICE]) { source } }',
    );
    inNotice = await walk('化工园区VOCs无组织排放', '园区VOCs无组织排放问题已完成治理，现予公示。');
    await t.ok(
      OFFICE_TOKEN,
      'mutation { setClosurePolicy(source: SPECIAL_INSPECTION, steps: [LEADERSHIP_APPROVAL]) { source } }',
    );
    withLeaders = await walk('砖厂扬尘污染', null);
  });
  afterAll(() => t.close());

  it('lists the closures in 公示 without a token: the office’s public wording, the last day, nothing internal', async () => {
    const { publicNotices } = await t.ok<{ publicNotices: { totalCount: number; edges: { node: Notice }[] } }>(
      null,
      NOTICES,
    );
    expect(publicNotices.totalCount).toBe(1);
    expect(publicNotices.edges[0].node).toEqual({
      id: inNotice.id,
      code: inNotice.code,
      title: '化工园区VOCs无组织排放',
      description: '园区VOCs无组织排放问题已完成治理，现予公示。',
      substate: 'VERIFIED.publicNotice',
      noticeEndDay: '2026-03-09',
      leadUnit: { name: '大观镇' },
      complainant: null,
      allowedEvents: [],
    });
    expect(publicNotices.edges.map((e) => e.node.id)).not.toContain(withLeaders.id);
  });

  it('refuses an objection without a reachable contact, or about a problem not in 公示', async () => {
    for (const [over, field] of [
      [{ phone: 'call me' }, 'phone'],
      [{ name: ' ' }, 'name'],
      [{ comment: '' }, 'comment'],
    ] as const) {
      const reply = await t.gql(null, OBJECT, { input: objection(over) });
      expect(reply.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(reply.errors?.[0].extensions)).toContain(field);
    }
    for (const issueId of [withLeaders.id, '00000000-0000-4000-8000-000000000000']) {
      const reply = await t.gql(null, OBJECT, { input: objection({ issueId }) });
      expect(reply.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('stops the notice for the office; a later objection joins it; only the office reads who objected', async () => {
    t.clock.set('2026-03-04T06:00:00.000Z');
    const first = await t.ok<{ objectToPublicNotice: unknown }>(null, OBJECT, { input: objection() });
    expect(first.objectToPublicNotice).toEqual({
      issueCode: inNotice.code,
      receivedAt: '2026-03-04T06:00:00.000Z',
      stoppedNotice: true,
    });
    t.clock.set('2026-03-04T07:00:00.000Z');
    const second = await t.ok<{ objectToPublicNotice: { stoppedNotice: boolean } }>(null, OBJECT, {
      input: objection({ name: '王先生', phone: '023-6888 1234', comment: '河边排口夜间仍有排水' }),
    });
    expect(second.objectToPublicNotice.stoppedNotice).toBe(false);

    const asOffice = await t.ok<{
      issue: {
        substate: string;
        awaitingMe: boolean;
        noticeObjections: { eventSeq: number | null; name: string; phone: string }[];
        events: { type: string; actor: string; comment: string | null }[];
      };
    }>(OFFICE_TOKEN, OBJECTORS, { id: inNotice.id });
    expect(asOffice.issue).toMatchObject({ substate: 'VERIFIED.objected', awaitingMe: true });
    expect(asOffice.issue.noticeObjections.map((o) => [o.eventSeq, o.name, o.phone])).toEqual([
      [7, '李女士', '138 0013 8000'],
      [null, '王先生', '023-6888 1234'],
    ]);
    expect(asOffice.issue.events.at(-1)).toEqual({
      type: 'object',
      actor: '公众（公示异议）',
      comment: '夜间仍闻到刺鼻气味',
    });
    // The unit reads what was objected to in the log, never who objected; nor does a leader.
    for (const token of [lead.token, leader]) {
      const seen = await t.ok<{ issue: { noticeObjections: unknown[]; events: { comment: string | null }[] } }>(
        token,
        OBJECTORS,
        { id: inNotice.id },
      );
      expect(seen.issue.noticeObjections).toEqual([]);
      expect(seen.issue.events.at(-1)?.comment).toBe('夜间仍闻到刺鼻气味');
    }
    // The public page says the notice stopped.
    const { publicNotices } = await t.ok<{ publicNotices: { edges: { node: Notice }[] } }>(null, NOTICES);
    expect(publicNotices.edges[0].node.substate).toBe('VERIFIED.objected');
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });

  it('takes a few objections an hour from one address, then says when to try again', async () => {
    const reply = await t.gql(null, OBJECT, { input: objection({ comment: '第三次反映' }) });
    expect(reply.status).toBe(200);
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(reply.errors?.[0].message).toContain('每个网络地址每小时最多提交 2 条公示异议');
    const { issue } = await t.ok<{ issue: { noticeObjections: unknown[] } }>(OFFICE_TOKEN, OBJECTORS, {
      id: inNotice.id,
    });
    expect(issue.noticeObjections).toHaveLength(2);
  });

  it('keeps the hourly budget in the database: another instance on the same database refuses the address too', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      RECTIFY_ADMIN_TOKEN: OFFICE_TOKEN,
      RECTIFY_OBJECTIONS_PER_HOUR: '2',
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
    };
    delete env.TEST_DATABASE_URL;
    const other = startService(env, await freePort());
    try {
      await waitHealthy(other);
      const res = await fetch(`http://127.0.0.1:${other.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: OBJECT, variables: { input: objection({ comment: '换一台服务器再提' }) } }),
      });
      const body = (await res.json()) as { errors?: { extensions: Record<string, unknown> }[] };
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    } finally {
      other.child.kill('SIGTERM');
      await other.exited;
    }
    const { issue } = await t.ok<{ issue: { noticeObjections: unknown[] } }>(OFFICE_TOKEN, OBJECTORS, {
      id: inNotice.id,
    });
    expect(issue.noticeObjections).toHaveLength(2);
  }, 90_000);
});
