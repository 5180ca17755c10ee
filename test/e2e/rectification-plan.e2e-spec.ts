// 整改方案 and 序时推进 (#25): the lead unit sets its plan — goal, measures, the people, dated milestones — the office
// may send it back, milestones are reported done with their evidence; a milestone past its date and not done puts the
// problem behind schedule, on the problem and in the table; long-term work must have yearly milestones.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import { JPEG } from '../factories/photo.factory.js';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const PLAN_FIELDS = `plan { goal status expectedProgressPercent behindSchedule leader { name post }
  milestones { title dueDay doneAt overdue } }`;
const SET = `mutation($id: ID!, $milestones: [MilestoneInput!]!, $evidenceIds: [ID!]) {
  setPlan(issueId: $id, goal: "消除黑臭水体", measures: "截污纳管、清淤疏浚", evidenceIds: $evidenceIds,
    leader: { name: "王某", post: "副镇长" }, responsible: { name: "李某", post: "环保办主任" }, milestones: $milestones) {
    ${PLAN_FIELDS} } }`;
const VIEW = `query($id: ID!) { issue(id: $id) { substate progressPercent ${PLAN_FIELDS}
  events { type evidence { fileName } } } }`;
const BEHIND = `query($asOf: DateTime) { closureReport(asOf: $asOf) { rows { unit { id } behindSchedule } total { behindSchedule } } }`;

interface Plan {
  goal: string;
  status: string;
  expectedProgressPercent: number;
  behindSchedule: boolean;
  milestones: { title: string; dueDay: string; doneAt: string | null; overdue: boolean }[];
}

describe('整改方案: the plan, its milestones, 序时推进', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let peer: UnitWithToken;
  let id: string;
  const milestones = [
    { title: '截污纳管', dueAt: '2026-03-15T16:00:00.000Z' },
    { title: '清淤疏浚', dueAt: '2026-03-31T16:00:00.000Z' },
    { title: '生态修复', dueAt: '2026-04-20T16:00:00.000Z' },
  ];
  const view = async (token = OFFICE_TOKEN) =>
    (
      await t.ok<{ issue: { plan: Plan; events: { type: string; evidence: { fileName: string }[] }[] } }>(token, VIEW, {
        id,
      })
    ).issue;

  const inbox = async () =>
    (
      await t.ok<{ notifications: { trigger: string; issueId: string; text: string }[] }>(
        town.token,
        '{ notifications { trigger issueId text } }',
      )
    ).notifications.filter((n) => n.issueId === id);

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    town = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    peer = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    ({ id } = await fileIssue(t, { title: '城乡结合部黑臭水体' }));
    await assign(t, id, town.id, { dueAt: '2026-04-30T15:59:59.000Z' });
    await t.ok(town.token, 'mutation($id: ID!) { acceptIssue(issueId: $id) { id } }', { id });
  });
  afterAll(() => t.close());

  it('refuses a plan that does not hold: a milestone past the deadline or already past, from another unit', async () => {
    const late = await t.gql(town.token, SET, {
      id,
      milestones: [{ title: '完工', dueAt: '2026-05-31T16:00:00.000Z' }],
    });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['milestones'] });
    expect(JSON.stringify(late.errors?.[0].extensions)).toContain('CONFLICTING');
    const past = await t.gql(town.token, SET, {
      id,
      milestones: [{ title: '完工', dueAt: '2026-03-01T00:00:00.000Z' }],
    });
    expect(JSON.stringify(past.errors?.[0].extensions)).toContain('NOT_IN_FUTURE');
    const other = await t.gql(peer.token, SET, { id, milestones });
    expect(other.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    const done = await t.gql(
      town.token,
      'mutation($id: ID!) { completeMilestone(issueId: $id, milestone: "截污纳管") { id } }',
      {
        id,
      },
    );
    expect(done.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'NO_PLAN' });
  });

  it('is set by the unit with its document, sent back by the office, set again', async () => {
    const doc = await request(t.app.getHttpServer())
      .post(`/issues/${id}/evidence`)
      .set('authorization', `Bearer ${town.token}`)
      .attach('file', JPEG, { filename: '整改方案.jpg', contentType: 'image/jpeg' });
    expect(doc.status).toBe(201);
    const set = await t.ok<{ setPlan: { plan: Plan } }>(town.token, SET, {
      id,
      milestones,
      evidenceIds: [doc.body.id],
    });
    expect(set.setPlan.plan).toMatchObject({ status: 'IN_FORCE', expectedProgressPercent: 0, behindSchedule: false });
    expect(set.setPlan.plan.milestones.map((m) => [m.title, m.dueDay])).toEqual([
      ['截污纳管', '2026-03-15'],
      ['清淤疏浚', '2026-03-31'],
      ['生态修复', '2026-04-20'],
    ]);
    const returned = await t.ok<{ returnPlan: { plan: Plan } }>(
      OFFICE_TOKEN,
      'mutation($id: ID!) { returnPlan(issueId: $id, comment: "请明确清淤范围") { plan { status } } }',
      { id },
    );
    expect(returned.returnPlan.plan.status).toBe('RETURNED');
    // The unit is told, with the office's reason.
    await t.app.get(NotificationDispatcher).planOnce();
    expect((await inbox()).find((n) => n.trigger === 'PLAN_RETURNED')?.text).toContain(
      '的整改方案被整改办退回（意见：请明确清淤范围），请修改后重新报送。',
    );
    expect((await t.ok<{ setPlan: { plan: Plan } }>(town.token, SET, { id, milestones })).setPlan.plan.status).toBe(
      'IN_FORCE',
    );
    const seen = await view(town.token);
    expect(seen.events.filter((e) => e.type === 'setPlan')[0].evidence).toEqual([{ fileName: '整改方案.jpg' }]);
  });

  it('reports a milestone done; one past its date and not done puts the problem behind, on it and in the table', async () => {
    t.clock.set('2026-03-14T02:00:00.000Z');
    await t.ok(
      town.token,
      'mutation($id: ID!) { completeMilestone(issueId: $id, milestone: "截污纳管", comment: "管网已接通") { id } }',
      {
        id,
      },
    );
    t.clock.set('2026-04-02T02:00:00.000Z');
    // The sweep climbs the lapsed milestone's rungs like a deadline's: 预警, then 督办.
    expect((await t.app.get(DeadlineSweepService).sweep()).milestoneEscalations).toBe(2);
    expect((await t.app.get(DeadlineSweepService).sweep()).milestoneEscalations).toBe(0);
    const rungs = await t.ok<{
      issue: {
        plan: { milestones: { title: string; escalationLevel: string }[] };
        events: { type: string; actor: string }[];
      };
    }>(
      OFFICE_TOKEN,
      'query($id: ID!) { issue(id: $id) { plan { milestones { title escalationLevel } } events { type actor } } }',
      { id },
    );
    expect(rungs.issue.plan.milestones.map((m) => [m.title, m.escalationLevel])).toEqual([
      ['截污纳管', 'NONE'],
      ['清淤疏浚', 'SUPERVISION'],
      ['生态修复', 'NONE'],
    ]);
    expect(rungs.issue.events.filter((e) => e.type === 'escalateMilestone').map((e) => e.actor)).toEqual([
      'system:deadline-sweep',
      'system:deadline-sweep',
    ]);
    // The day's reminders tell the unit of the milestone it let lapse.
    expect(await t.app.get(NotificationDispatcher).daily()).toBe('2026-04-02');
    expect((await inbox()).find((n) => n.trigger === 'MILESTONE_OVERDUE')?.text).toContain(
      '的整改节点“清淤疏浚”已逾期（节点时限 2026-03-31），请抓紧推进。',
    );
    const plan = (await view()).plan;
    expect(plan).toMatchObject({ expectedProgressPercent: 67, behindSchedule: true });
    expect(plan.milestones.map((m) => [m.title, m.doneAt !== null, m.overdue])).toEqual([
      ['截污纳管', true, false],
      ['清淤疏浚', false, true],
      ['生态修复', false, false],
    ]);
    const now = await t.ok<{
      closureReport: { rows: { unit: { id: string }; behindSchedule: number }[]; total: { behindSchedule: number } };
    }>(OFFICE_TOKEN, BEHIND, {});
    expect(now.closureReport.rows.find((r) => r.unit.id === town.id)?.behindSchedule).toBe(1);
    expect(now.closureReport.total.behindSchedule).toBe(1);
    // Plans are kept as they are now: an earlier table says nothing of them.
    const before = await t.ok<{ closureReport: { total: { behindSchedule: number | null } } }>(OFFICE_TOKEN, BEHIND, {
      asOf: '2026-03-20T00:00:00.000Z',
    });
    expect(before.closureReport.total.behindSchedule).toBeNull();
    // Done: no longer behind.
    await t.ok(town.token, 'mutation($id: ID!) { completeMilestone(issueId: $id, milestone: "清淤疏浚") { id } }', {
      id,
    });
    expect((await view()).plan.behindSchedule).toBe(false);
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });

  it('asks long-term work (长期坚持) for a milestone at least every year', async () => {
    const { id: longTerm } = await fileIssue(t, { title: '饮用水水源地长效管护' });
    await assign(t, longTerm, town.id, { deadlineKind: 'LONG_TERM' });
    await t.ok(town.token, 'mutation($id: ID!) { acceptIssue(issueId: $id) { id } }', { id: longTerm });
    const sparse = await t.gql(town.token, SET, {
      id: longTerm,
      milestones: [
        { title: '2026年度巡查', dueAt: '2026-12-31T15:59:59.000Z' },
        { title: '2028年度巡查', dueAt: '2028-12-31T15:59:59.000Z' },
      ],
    });
    expect(JSON.stringify(sparse.errors?.[0].extensions)).toContain('OUT_OF_RANGE');
    const yearly = await t.ok<{ setPlan: { plan: Plan } }>(town.token, SET, {
      id: longTerm,
      milestones: [
        { title: '2026年度巡查', dueAt: '2026-12-31T15:59:59.000Z' },
        { title: '2027年度巡查', dueAt: '2027-12-31T15:59:59.000Z' },
      ],
    });
    expect(yearly.setPlan.plan.milestones).toHaveLength(2);
  });
});
