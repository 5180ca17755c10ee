import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  assign,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  ISSUE_FIELDS,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface Issue {
  id: string;
  version: number;
  state: string;
  substate: string;
  dueAt: string | null;
  originalDueAt: string | null;
  progressPercent: number;
  allowedEvents: string[];
}

const FIELDS = `${ISSUE_FIELDS} dueAt originalDueAt progressPercent allowedEvents`;

describe('the whole life of a problem, over GraphQL', () => {
  let t: TestApp;
  let lead: UnitWithToken;
  let coop: UnitWithToken;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    coop = await createUnitWithToken(t, { name: '区生态环境局' });
  });
  afterAll(() => t.close());

  const as =
    (token: string) =>
    async (mutation: string, variables: Record<string, unknown> = {}) =>
      (
        await t.ok<{ r: Issue }>(
          token,
          `mutation($id: ID!${mutation.includes('$d') ? ', $d: DateTime!' : ''}) { r: ${mutation} { ${FIELDS} } }`,
          variables,
        )
      ).r;

  it('walks every event: return, reassign, extension approved and refused, failed verification, close, revisit, rebound', async () => {
    const office = as(OFFICE_TOKEN);
    const unit = as(lead.token);
    const filed = await fileIssue(t, { title: '农村黑臭水体整治不到位' });
    expect(filed).toMatchObject({ state: 'FILED', version: 1 });

    let issue = (await assign(t, filed.id, lead.id, { dueAt: daysAfter(t, 30) })) as unknown as Issue;
    expect(issue).toMatchObject({ substate: 'ASSIGNED', version: 2 });

    issue = await unit('returnIssue(issueId: $id, reason: "不属于本镇辖区")', { id: filed.id });
    expect(issue).toMatchObject({ substate: 'FILED', version: 3 });

    await assign(t, filed.id, coop.id, { dueAt: daysAfter(t, 30) });
    issue = await office(
      `reassignIssue(input: { issueId: $id, leadUnitId: "${lead.id}", deadlineKind: DATE, dueAt: $d, comment: "改由水江镇牵头" })`,
      { id: filed.id, d: daysAfter(t, 20) },
    );
    expect(issue.substate).toBe('ASSIGNED');
    const firstDue = issue.dueAt!;

    issue = await unit('acceptIssue(issueId: $id, comment: "已签收")', { id: filed.id });
    expect(issue.substate).toBe('RECTIFYING.inProgress');

    issue = await unit('reportProgress(issueId: $id, progressPercent: 40, comment: "完成清淤")', { id: filed.id });
    expect(issue.progressPercent).toBe(40);

    const asked = daysAfter(t, 40);
    issue = await unit('requestExtension(issueId: $id, newDueAt: $d, reason: "雨季施工受阻")', {
      id: filed.id,
      d: asked,
    });
    expect(issue.allowedEvents).not.toContain('requestExtension'); // one pending at a time
    issue = await office('decideExtension(issueId: $id, approve: true, comment: "同意延期")', { id: filed.id });
    expect(issue.dueAt).toBe(asked);
    expect(issue.originalDueAt).toBe(firstDue);

    await unit('requestExtension(issueId: $id, newDueAt: $d, reason: "再延一次")', {
      id: filed.id,
      d: daysAfter(t, 90),
    });
    issue = await office('decideExtension(issueId: $id, approve: false, comment: "不予延期")', { id: filed.id });
    expect(issue.dueAt).toBe(asked);

    issue = await unit('submitRectification(issueId: $id, summary: "截污管网已建成")', { id: filed.id });
    expect(issue.substate).toBe('RECTIFYING.submitted');
    issue = await office('verifyIssue(issueId: $id, passed: false, comment: "水质未达标")', { id: filed.id });
    expect(issue.substate).toBe('RECTIFYING.inProgress');

    t.clock.advanceDays(5);
    await unit('submitRectification(issueId: $id, summary: "水质复测达标")', { id: filed.id });
    issue = await office('verifyIssue(issueId: $id, passed: true)', { id: filed.id });
    expect(issue).toMatchObject({ state: 'VERIFIED', progressPercent: 100 });
    issue = await office('closeIssue(issueId: $id, comment: "同意销号")', { id: filed.id });
    expect(issue.state).toBe('CLOSED');

    t.clock.advanceDays(60);
    issue = await office('revisitIssue(issueId: $id, rebounded: false, comment: "回头看未反弹")', { id: filed.id });
    expect(issue.state).toBe('REVISITED');
    issue = await office('revisitIssue(issueId: $id, rebounded: true, comment: "汛期后黑臭反弹", newDueAt: $d)', {
      id: filed.id,
      d: daysAfter(t, 30),
    });
    expect(issue).toMatchObject({ substate: 'RECTIFYING.inProgress', progressPercent: 0 });

    const log = await t.ok<{
      issue: {
        version: number;
        reboundCount: number;
        events: {
          seq: number;
          type: string;
          fromState: string | null;
          toState: string;
          actor: string;
          unit: { name: string } | null;
          comment: string | null;
        }[];
      };
    }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { version reboundCount events { seq type fromState toState actor unit { name } comment at } } }`,
      { id: filed.id },
    );
    const events = log.issue.events;
    expect(events.map((e) => e.type)).toEqual([
      'file',
      'assign',
      'return',
      'assign',
      'reassign',
      'accept',
      'reportProgress',
      'requestExtension',
      'decideExtension',
      'requestExtension',
      'decideExtension',
      'submit',
      'verify',
      'submit',
      'verify',
      'close',
      'revisit',
      'revisit',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(log.issue.version).toBe(events.length);
    expect(log.issue.reboundCount).toBe(1);
    expect(events[2]).toMatchObject({
      type: 'return',
      fromState: 'ASSIGNED',
      toState: 'FILED',
      comment: '不属于本镇辖区',
      unit: { name: lead.name },
    });
    expect(events[12]).toMatchObject({
      type: 'verify',
      fromState: 'RECTIFYING.submitted',
      toState: 'RECTIFYING.inProgress',
      comment: '水质未达标',
      unit: null,
    });
    expect(events[17]).toMatchObject({ fromState: 'REVISITED', toState: 'RECTIFYING.inProgress' });

    const check = await t.ok<{ verifyLog: { checked: number; mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      `{ verifyLog { checked mismatches { code fields } } }`,
    );
    expect(check.verifyLog).toEqual({ checked: 1, mismatches: [] });
  });

  it('lets a complaint be submitted as unfounded, verified and closed with the complainant’s satisfaction', async () => {
    const filed = await fileIssue(t, {
      source: 'PUBLIC_COMPLAINT',
      title: '夜间施工噪声扰民',
      category: 'NOISE',
      complainantName: '李四',
    });
    await assign(t, filed.id, lead.id);
    await as(lead.token)('acceptIssue(issueId: $id)', { id: filed.id });
    const submitted = await t.ok<{ r: { finding: string } }>(
      lead.token,
      `mutation($id: ID!) { r: submitRectification(issueId: $id, summary: "现场核查无夜间施工", finding: UNFOUNDED) { finding } }`,
      { id: filed.id },
    );
    expect(submitted.r.finding).toBe('UNFOUNDED');
    await as(OFFICE_TOKEN)('verifyIssue(issueId: $id, passed: true)', { id: filed.id });
    const closed = await t.ok<{ r: { state: string; satisfaction: string; closedAt: string } }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { r: closeIssue(issueId: $id, satisfaction: BASICALLY_SATISFIED) { state satisfaction closedAt } }`,
      { id: filed.id },
    );
    expect(closed.r).toEqual({
      state: 'CLOSED',
      satisfaction: 'BASICALLY_SATISFIED',
      closedAt: t.clock.now().toISOString(),
    });
  });

  it('resolves an IMMEDIATE deadline to the end of the next working day, Asia/Shanghai', async () => {
    t.clock.set('2026-03-06T03:00:00.000Z'); // Friday 11:00 in Shanghai
    const filed = await fileIssue(t);
    const issue = await t.ok<{ assignIssue: { dueAt: string; deadlineKind: string } }>(
      OFFICE_TOKEN,
      `mutation($id: ID!, $lead: ID!) { assignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: IMMEDIATE }) { dueAt deadlineKind } }`,
      { id: filed.id, lead: lead.id },
    );
    // Monday 2026-03-09 24:00 +08:00
    expect(issue.assignIssue).toEqual({ deadlineKind: 'IMMEDIATE', dueAt: '2026-03-09T16:00:00.000Z' });
  });
});
