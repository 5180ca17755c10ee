// The road to 销号 for a central-inspection problem (#25): the office's acceptance, the leaders' approval, the public
// notice for five working days on the official calendar (across National Day and a 调休 Saturday), an objection and
// its dismissal, the city's review with its document number, then 销号 — each step signed by the role its policy
// names, through the one transition path; the sweep ends a notice that has run its days.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import {
  assign,
  createToken,
  createUnitWithToken,
  fileIssue,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface View {
  substate: string;
  version: number;
  signOffSteps: string[];
  noticeEndsAt: string | null;
  awaitingMe: boolean;
  allowedEvents: string[];
  completedOnTime?: boolean;
}

const VIEW = 'substate version signOffSteps noticeEndsAt noticeEndDay awaitingMe allowedEvents';
const ALL_STEPS = ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW'];

describe('the sign-off chain (签批链): acceptance, the leaders, the public notice, the city, 销号', () => {
  let t: TestApp;
  let sweeper: DeadlineSweepService;
  let lead: UnitWithToken;
  let leader: string;

  beforeAll(async () => {
    // Monday 28 Sep 2026, 10:00 in Shanghai: National Day (1–7 Oct) is ahead, Saturday 10 Oct a make-up working day.
    t = await createTestApp({ now: '2026-09-28T02:00:00.000Z' });
    sweeper = t.app.get(DeadlineSweepService);
    lead = await createUnitWithToken(t, { name: '区生态环境局' });
    leader = await createToken(t, 'LEADER', undefined, '分管副区长');
  });
  afterAll(() => t.close());

  const view = async (id: string, token = OFFICE_TOKEN): Promise<View> =>
    (await t.ok<{ issue: View }>(token, `query($id: ID!) { issue(id: $id) { ${VIEW} } }`, { id })).issue;
  const act = (token: string, mutation: string, variables: Record<string, unknown>) =>
    t.gql<{ r: View }>(token, `mutation($id: ID!${signature(variables)}) { r: ${mutation} { ${VIEW} } }`, variables);
  const signature = (v: Record<string, unknown>) =>
    Object.keys(v)
      .filter((k) => k !== 'id')
      .map((k) => `, $${k}: String!`)
      .join('');
  const ok = async (token: string, mutation: string, variables: Record<string, unknown>): Promise<View> => {
    const reply = await act(token, mutation, variables);
    expect(reply.errors).toBeUndefined();
    return reply.data!.r;
  };
  const setPolicy = (source: string, steps: string[], token = OFFICE_TOKEN) =>
    t.gql<{ setClosurePolicy: { source: string; steps: string[]; updatedBy: string } }>(
      token,
      `mutation($s: IssueSource!, $steps: [SignOffStep!]!) { setClosurePolicy(source: $s, steps: $steps) { source steps updatedBy } }`,
      { s: source, steps },
    );

  /** A central problem, submitted by its unit and waiting for the office's acceptance. */
  async function submitted(title: string, source = 'CENTRAL_INSPECTION', by = lead): Promise<IssueRef> {
    const issue = await fileIssue(t, { source, title });
    await assign(t, issue.id, by.id, { dueAt: '2026-12-31T15:59:59.000Z' });
    await ok(by.token, 'acceptIssue(issueId: $id)', { id: issue.id });
    await ok(by.token, 'submitRectification(issueId: $id, summary: "已完成整改")', { id: issue.id });
    return issue;
  }
  const accept = (id: string) =>
    ok(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true, comment: "验收通过")', { id });

  it('reads the defaults until the office sets a policy: central and municipal every step, undercover and special the leaders, complaints and self-inspection acceptance alone', async () => {
    const { closurePolicies } = await t.ok<{
      closurePolicies: { source: string; steps: string[]; updatedAt: string | null }[];
    }>(lead.token, '{ closurePolicies { source steps updatedAt } }');
    const every = ['DEPARTMENT_REVIEW', ...ALL_STEPS];
    expect(closurePolicies).toEqual([
      { source: 'CENTRAL_INSPECTION', steps: every, updatedAt: null },
      { source: 'MUNICIPAL_INSPECTION', steps: every, updatedAt: null },
      { source: 'UNDERCOVER_INSPECTION', steps: ['LEADERSHIP_APPROVAL'], updatedAt: null },
      { source: 'SPECIAL_INSPECTION', steps: ['LEADERSHIP_APPROVAL'], updatedAt: null },
      { source: 'PUBLIC_COMPLAINT', steps: [], updatedAt: null },
      { source: 'SELF_INSPECTION', steps: [], updatedAt: null },
    ]);
    // …and the problems follow them: a central problem cannot close at acceptance, nor a municipal one, a special one
    // waits for the leaders, a self-inspection closes next.
    const town = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    for (const [source, into] of [
      ['CENTRAL_INSPECTION', 'VERIFIED.leadershipApproval'],
      ['MUNICIPAL_INSPECTION', 'VERIFIED.leadershipApproval'],
      ['SPECIAL_INSPECTION', 'VERIFIED.leadershipApproval'],
      ['SELF_INSPECTION', 'VERIFIED.signedOff'],
    ] as const) {
      const issue = await submitted(`${source} 默认流程`, source, town);
      const accepted = await accept(issue.id);
      expect([source, accepted.substate]).toEqual([source, into]);
      const close = await act(OFFICE_TOKEN, 'closeIssue(issueId: $id)', { id: issue.id });
      if (into === 'VERIFIED.signedOff') expect(close.errors).toBeUndefined();
      else expect(close.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'WRONG_STATE' });
    }
  });

  it('sets a source’s policy (the office only); every role reads them all', async () => {
    expect(
      (await setPolicy('CENTRAL_INSPECTION', ['CITY_REVIEW', 'LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE'])).data,
    ).toEqual({
      setClosurePolicy: { source: 'CENTRAL_INSPECTION', steps: ALL_STEPS, updatedBy: 'bootstrap' },
    });
    for (const token of [lead.token, leader]) {
      expect((await setPolicy('CENTRAL_INSPECTION', [], token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const { closurePolicies } = await t.ok<{ closurePolicies: { source: string; steps: string[] }[] }>(
        token,
        '{ closurePolicies { source steps } }',
      );
      expect(closurePolicies.find((p) => p.source === 'CENTRAL_INSPECTION')?.steps).toEqual(ALL_STEPS);
      expect(closurePolicies.find((p) => p.source === 'PUBLIC_COMPLAINT')?.steps).toEqual([]);
    }
  });

  it('walks a central problem through every step, in order, each signed by its own role, to 销号', async () => {
    const issue = await submitted('饮用水水源保护区内违规建设');
    t.clock.set('2026-09-30T02:00:00.000Z'); // Wednesday 30 Sep, 10:00
    const accepted = await accept(issue.id);
    expect(accepted).toMatchObject({ substate: 'VERIFIED.leadershipApproval', signOffSteps: ALL_STEPS });
    // The leaders' step: a leader's, awaiting the leader, not the office.
    expect(await view(issue.id)).toMatchObject({ awaitingMe: false, allowedEvents: ['publish', 'markDuplicate'] });
    expect(await view(issue.id, leader)).toMatchObject({
      awaitingMe: true,
      allowedEvents: ['signOff', 'sendBack', 'instruct'],
    });
    const byOffice = await act(OFFICE_TOKEN, 'signOffIssue(issueId: $id, step: LEADERSHIP_APPROVAL)', { id: issue.id });
    expect(byOffice.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEADER_ONLY' });
    const wrongStep = await act(leader, 'signOffIssue(issueId: $id, step: CITY_REVIEW)', { id: issue.id });
    expect(wrongStep.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    // Approved: the notice runs five working days — 8, 9, 10 (调休 Saturday), 12, 13 Oct — to 24:00 on the 13th.
    const approved = await ok(leader, 'signOffIssue(issueId: $id, step: LEADERSHIP_APPROVAL, comment: "同意")', {
      id: issue.id,
    });
    expect(approved).toMatchObject({
      substate: 'VERIFIED.publicNotice',
      noticeEndsAt: '2026-10-13T16:00:00.000Z',
      noticeEndDay: '2026-10-13',
    });
    const early = await act(OFFICE_TOKEN, 'signOffIssue(issueId: $id, step: PUBLIC_NOTICE)', { id: issue.id });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'NOTICE_NOT_OVER' });
    expect(early.errors?.[0].message).toContain('2026-10-14 00:00');

    // An objection stops it; the sweep leaves it alone, however long it waits; dismissed, the notice runs again.
    t.clock.set('2026-10-08T02:00:00.000Z');
    expect(
      await ok(OFFICE_TOKEN, 'objectToNotice(issueId: $id, comment: $c)', { id: issue.id, c: '群众反映仍有夜间施工' }),
    ).toMatchObject({ substate: 'VERIFIED.objected', awaitingMe: true });
    t.clock.set('2026-10-14T02:00:00.000Z');
    expect((await sweeper.sweep()).noticesEnded).toBe(0);
    t.clock.set('2026-10-16T02:00:00.000Z'); // Friday 16 Oct: 19, 20, 21, 22, 23 Oct
    const dismissed = await ok(OFFICE_TOKEN, 'dismissObjection(issueId: $id, comment: $c)', {
      id: issue.id,
      c: '经现场核查，异议不成立',
    });
    expect(dismissed).toMatchObject({ substate: 'VERIFIED.publicNotice', noticeEndsAt: '2026-10-23T16:00:00.000Z' });

    // The sweep ends it once it has run its days — not a second before.
    t.clock.set('2026-10-23T15:59:00.000Z');
    expect((await sweeper.sweep()).noticesEnded).toBe(0);
    t.clock.set('2026-10-23T16:00:01.000Z');
    expect((await sweeper.sweep()).noticesEnded).toBe(1);
    expect(await view(issue.id)).toMatchObject({ substate: 'VERIFIED.cityReview', awaitingMe: true });

    // The city's review is recorded with its document number; then 销号.
    const noDocument = await act(OFFICE_TOKEN, 'signOffIssue(issueId: $id, step: CITY_REVIEW)', { id: issue.id });
    expect(noDocument.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['documentNumber'] });
    expect(
      await ok(OFFICE_TOKEN, 'signOffIssue(issueId: $id, step: CITY_REVIEW, documentNumber: $d)', {
        id: issue.id,
        d: '渝环督改〔2026〕45号',
      }),
    ).toMatchObject({ substate: 'VERIFIED.signedOff', allowedEvents: ['close', 'publish', 'markDuplicate'] });
    expect(await ok(OFFICE_TOKEN, 'closeIssue(issueId: $id)', { id: issue.id })).toMatchObject({ substate: 'CLOSED' });

    const { issue: logged } = await t.ok<{
      issue: {
        events: { type: string; actor: string; toState: string; step: string | null; documentNumber: string | null }[];
      };
    }>(OFFICE_TOKEN, 'query($id: ID!) { issue(id: $id) { events { type actor toState step documentNumber } } }', {
      id: issue.id,
    });
    expect(logged.events.slice(4).map((e) => [e.type, e.actor, e.toState])).toEqual([
      ['verify', 'bootstrap', 'VERIFIED.leadershipApproval'],
      ['signOff', '分管副区长', 'VERIFIED.publicNotice'],
      ['object', 'bootstrap', 'VERIFIED.objected'],
      ['dismissObjection', 'bootstrap', 'VERIFIED.publicNotice'],
      ['signOff', 'system:deadline-sweep', 'VERIFIED.cityReview'],
      ['signOff', 'bootstrap', 'VERIFIED.signedOff'],
      ['close', 'bootstrap', 'CLOSED'],
    ]);
    expect(logged.events[9]).toMatchObject({ step: 'CITY_REVIEW', documentNumber: '渝环督改〔2026〕45号' });
    expect(logged.events[5]).toMatchObject({ step: 'LEADERSHIP_APPROVAL', documentNumber: null });

    // Closed, and on time as its acceptance judged it; the log replays to the stored state.
    const report = await t.ok<{
      closureReport: { rows: { unit: { id: string }; closed: number; completedOnTime: number }[] };
    }>(OFFICE_TOKEN, '{ closureReport { rows { unit { id } closed completedOnTime } } }');
    expect(report.closureReport.rows.find((r) => r.unit.id === lead.id)).toMatchObject({
      closed: 1,
      completedOnTime: 1,
    });
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });

  it('sends the work back from a step, by its signer; a changed policy applies to acceptances from then on', async () => {
    t.clock.set('2026-11-02T02:00:00.000Z');
    const issue = await submitted('工业园区雨污混接');
    const inChain = await submitted('河道沿岸违规堆放');
    await accept(issue.id);
    await accept(inChain.id);
    const noReason = await act(leader, 'sendBackIssue(issueId: $id, step: LEADERSHIP_APPROVAL, comment: $c)', {
      id: issue.id,
      c: ' ',
    });
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const back = await ok(leader, 'sendBackIssue(issueId: $id, step: LEADERSHIP_APPROVAL, comment: $c)', {
      id: issue.id,
      c: '整改不彻底，请补充截污措施',
    });
    expect(back).toMatchObject({ substate: 'RECTIFYING.inProgress', signOffSteps: [], noticeEndsAt: null });
    expect(await view(issue.id, lead.token)).toMatchObject({ awaitingMe: true });

    // The office drops the chain for central problems: the next acceptance closes right after; one in a chain keeps it.
    await setPolicy('CENTRAL_INSPECTION', []);
    await ok(lead.token, 'submitRectification(issueId: $id, summary: "已补充截污措施")', { id: issue.id });
    expect(await accept(issue.id)).toMatchObject({ substate: 'VERIFIED.signedOff', signOffSteps: [] });
    expect(await view(inChain.id)).toMatchObject({ substate: 'VERIFIED.leadershipApproval', signOffSteps: ALL_STEPS });
  });

  it('has the supervising department review a submission before the office accepts it; it reads and is told of what it supervises', async () => {
    t.clock.set('2026-11-09T02:00:00.000Z');
    await setPolicy('CENTRAL_INSPECTION', ['DEPARTMENT_REVIEW', 'LEADERSHIP_APPROVAL']);
    const bureau = await createUnitWithToken(t, { name: '区水利局' });
    const other = await createUnitWithToken(t, { name: '区农业农村委' });
    const issue = await fileIssue(t, { source: 'CENTRAL_INSPECTION', title: '河道采砂整治不到位' });
    const assignTo = (supervisingUnitId: string) =>
      t.gql(
        OFFICE_TOKEN,
        `mutation($input: AssignInput!) { assignIssue(input: $input) { supervisingUnit { id name } } }`,
        {
          input: {
            issueId: issue.id,
            leadUnitId: lead.id,
            deadlineKind: 'DATE',
            dueAt: '2026-12-31T15:59:59.000Z',
            supervisingUnitId,
          },
        },
      );
    // Not the lead itself, nor a unit that does not exist.
    expect((await assignTo(lead.id)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['supervisingUnitId'],
    });
    expect((await assignTo('00000000-0000-4000-8000-000000000000')).errors?.[0].extensions).toMatchObject({
      fields: ['supervisingUnitId'],
    });
    expect((await assignTo(bureau.id)).data).toEqual({
      assignIssue: { supervisingUnit: { id: bureau.id, name: '区水利局' } },
    });

    // The department reads what it supervises, in its list (as SUPERVISING) and by id; another unit does not.
    const listOf = async (token: string, filter: Record<string, unknown> = {}) =>
      (
        await t.ok<{ issues: { edges: { node: { id: string } }[]; totalCount: number } }>(
          token,
          'query($f: IssueFilter) { issues(filter: $f) { edges { node { id } } totalCount } }',
          { f: filter },
        )
      ).issues;
    const idsOf = async (token: string, filter: Record<string, unknown> = {}) =>
      (await listOf(token, filter)).edges.map((e) => e.node.id);
    expect(await idsOf(bureau.token)).toEqual([issue.id]);
    expect(await listOf(bureau.token, { unitRole: 'SUPERVISING' })).toEqual({
      edges: [{ node: { id: issue.id } }],
      totalCount: 1,
    });
    expect(await listOf(bureau.token, { unitRole: 'LEAD' })).toEqual({ edges: [], totalCount: 0 });
    expect(await idsOf(OFFICE_TOKEN, { unitId: bureau.id })).toEqual([issue.id]);
    expect(await listOf(other.token)).toEqual({ edges: [], totalCount: 0 });
    expect((await t.gql(other.token, 'query($id: ID!) { issue(id: $id) { id } }', { id: issue.id })).data).toEqual({
      issue: null,
    });

    // Submitted: the department's turn, not the office's.
    await ok(lead.token, 'acceptIssue(issueId: $id)', { id: issue.id });
    const inReview = await ok(lead.token, 'submitRectification(issueId: $id, summary: "采砂场已清理复绿")', {
      id: issue.id,
    });
    expect(inReview).toMatchObject({ substate: 'RECTIFYING.departmentReview', awaitingMe: false });
    expect(await view(issue.id, bureau.token)).toMatchObject({
      awaitingMe: true,
      allowedEvents: ['signOff', 'sendBack'],
    });
    expect(await view(issue.id)).toMatchObject({ awaitingMe: false });
    expect(await idsOf(bureau.token, { awaitingMe: true })).toEqual([issue.id]);
    expect(await idsOf(OFFICE_TOKEN, { awaitingMe: true, unitId: bureau.id })).toEqual([]);
    const verify = await act(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true)', { id: issue.id });
    expect(verify.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'WRONG_STATE' });
    for (const token of [OFFICE_TOKEN, lead.token, other.token, leader]) {
      const signed = await act(token, 'signOffIssue(issueId: $id, step: DEPARTMENT_REVIEW)', { id: issue.id });
      expect(signed.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
    const byOffice = await act(OFFICE_TOKEN, 'signOffIssue(issueId: $id, step: DEPARTMENT_REVIEW)', { id: issue.id });
    expect(byOffice.errors?.[0].extensions).toMatchObject({ reason: 'NOT_SUPERVISING_UNIT' });

    // Sent back by the department (counted); submitted again, passed on to the office, which accepts it into the rest.
    const back = await ok(bureau.token, 'sendBackIssue(issueId: $id, step: DEPARTMENT_REVIEW, comment: $c)', {
      id: issue.id,
      c: '复绿面积不足，请补植',
    });
    expect(back).toMatchObject({ substate: 'RECTIFYING.inProgress' });
    await ok(lead.token, 'submitRectification(issueId: $id, summary: "已补植")', { id: issue.id });
    expect(
      await ok(bureau.token, 'signOffIssue(issueId: $id, step: DEPARTMENT_REVIEW, comment: $c)', {
        id: issue.id,
        c: '经现场核查，同意销号',
      }),
    ).toMatchObject({ substate: 'RECTIFYING.submitted', awaitingMe: false });
    expect(await accept(issue.id)).toMatchObject({
      substate: 'VERIFIED.leadershipApproval',
      signOffSteps: ['LEADERSHIP_APPROVAL'],
    });
    const { issue: logged } = await t.ok<{
      issue: { sentBackCount: number; events: { type: string; actor: string; step: string | null }[] };
    }>(OFFICE_TOKEN, 'query($id: ID!) { issue(id: $id) { sentBackCount events { type actor step } } }', {
      id: issue.id,
    });
    expect(logged.sentBackCount).toBe(1);
    expect(logged.events.slice(3).map((e) => [e.type, e.actor, e.step])).toEqual([
      ['submit', '区生态环境局整改专班', null],
      ['sendBack', '区水利局整改专班', 'DEPARTMENT_REVIEW'],
      ['submit', '区生态环境局整改专班', null],
      ['signOff', '区水利局整改专班', 'DEPARTMENT_REVIEW'],
      ['verify', 'bootstrap', null],
    ]);

    // Told: the department of each submission waiting for it, the lead unit of the send-back.
    const dispatcher = t.app.get(NotificationDispatcher);
    await dispatcher.planOnce();
    const inbox = async (token: string) =>
      (
        await t.ok<{ notifications: { trigger: string; issueId: string; text: string }[] }>(
          token,
          '{ notifications { trigger issueId text } }',
        )
      ).notifications.filter((n) => n.issueId === issue.id);
    expect((await inbox(bureau.token)).map((n) => n.trigger)).toEqual(['REVIEW_REQUESTED']);
    expect((await inbox(lead.token)).find((n) => n.trigger === 'SENT_BACK')?.text).toContain(
      '在主管部门审核环节被退回整改（意见：复绿面积不足，请补植）',
    );

    // A problem naming no department skips the review under the same policy.
    const unsupervised = await submitted('城区餐饮油烟扰民');
    expect(await view(unsupervised.id)).toMatchObject({ substate: 'RECTIFYING.submitted' });
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });
});
