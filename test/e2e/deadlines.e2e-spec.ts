// Deadlines (domain.md, "Deadlines"): the working-day calendar, complaint reply deadlines, extensions, overdue, and the
// deadline sweep's escalation 预警 → 督办 → 挂牌督办, all on a clock the test moves by hand.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createRequire } from 'node:module';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import { createHttpAdapter } from '../../src/http/http-adapter.js';
import {
  assign,
  createToken,
  createUnitWithToken,
  fileIssue,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const SWEEPER = 'system:deadline-sweep';

interface CalendarDay {
  day: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string | null;
  source: string;
}

interface LogRow {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: string;
  unit: { id: string } | null;
  at: string;
}

interface IssueView {
  id: string;
  code: string;
  state: string;
  substate: string;
  version: number;
  deadlineKind: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  replyDueAt: string | null;
  overdue: boolean;
  dueSoon: boolean;
  escalationLevel: string;
  pendingExtension: { newDueAt: string; reason: string; requestedAt: string } | null;
  allowedEvents: string[];
  events: LogRow[];
}

interface ReportRow {
  unit: { id: string } | null;
  total: number;
  closed: number;
  completedOnTime: number;
  onTimeRate: number;
  overdue: number;
  dueSoon: number;
}

const ISSUE_VIEW = `id code state substate version deadlineKind dueAt originalDueAt replyDueAt overdue dueSoon escalationLevel
  pendingExtension { newDueAt reason requestedAt } allowedEvents events { seq type fromState toState actor unit { id } at }`;

const codeOf = (reply: GqlReply<unknown>): string | undefined => reply.errors?.[0]?.extensions.code;

/** The instant a Shanghai calendar day ends (24:00 +08:00). */
const endOfShanghaiDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY).toISOString();
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const plusDays = (instant: string | Date, days: number): string =>
  new Date(new Date(instant).getTime() + days * DAY).toISOString();
const plusMinutes = (instant: string | Date, minutes: number): string =>
  new Date(new Date(instant).getTime() + minutes * 60_000).toISOString();

/** Our own reckoning of working days from the calendar the service lists: Monday–Friday, minus holidays, plus 调休. */
function nthWorkingDayAfter(day: string, n: number, calendar: CalendarDay[]): string {
  const exceptions = new Map(calendar.map((d) => [d.day, d.kind]));
  let current = day;
  for (let left = n; left > 0;) {
    current = nextDay(current);
    const kind = exceptions.get(current);
    const weekday = new Date(`${current}T00:00:00Z`).getUTCDay();
    const working = kind ? kind === 'WORKDAY' : weekday >= 1 && weekday <= 5;
    if (working) left--;
  }
  return current;
}

interface ChineseDays {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const OFFICIAL = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDays;

describe('deadlines, the working-day calendar and escalation', () => {
  let t: TestApp;
  let sweeper: DeadlineSweepService;
  let unitToken: string;
  let leaderToken: string;

  beforeAll(async () => {
    // Friday 25 Sep 2026, 10:00 in Shanghai: 中秋 (Mid-autumn), a holiday.
    t = await createTestApp({ now: '2026-09-25T02:00:00.000Z' });
    await closingAtAcceptance(t);
    sweeper = t.app.get(DeadlineSweepService);
    const someUnit = await createUnitWithToken(t, { name: '区城市管理局' });
    unitToken = someUnit.token;
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(() => t.close());

  // ---------- helpers ----------

  const view = async (id: string, token = OFFICE_TOKEN): Promise<IssueView> => {
    const data = await t.ok<{ issue: IssueView | null }>(
      token,
      `query($id: ID!) { issue(id: $id) { ${ISSUE_VIEW} } }`,
      { id },
    );
    if (!data.issue) throw new Error(`issue ${id} not visible`);
    return data.issue;
  };

  const mutationText = (mutation: string) =>
    `mutation($id: ID!${mutation.includes('$d') ? ', $d: DateTime!' : ''}) { r: ${mutation} { ${ISSUE_VIEW} } }`;

  const act = async (token: string, mutation: string, variables: Record<string, unknown>): Promise<IssueView> =>
    (await t.ok<{ r: IssueView }>(token, mutationText(mutation), variables)).r;

  const tryAct = (
    token: string,
    mutation: string,
    variables: Record<string, unknown>,
  ): Promise<GqlReply<{ r: IssueView }>> => t.gql<{ r: IssueView }>(token, mutationText(mutation), variables);

  const accept = (lead: UnitWithToken, id: string) => act(lead.token, 'acceptIssue(issueId: $id)', { id });
  const submit = (lead: UnitWithToken, id: string) =>
    act(lead.token, 'submitRectification(issueId: $id, summary: "已完成整改")', { id });
  const verify = (id: string, passed: boolean) =>
    act(
      OFFICE_TOKEN,
      passed
        ? 'verifyIssue(issueId: $id, passed: true)'
        : 'verifyIssue(issueId: $id, passed: false, comment: "现场复核未达标")',
      { id },
    );
  const close = (id: string) => act(OFFICE_TOKEN, 'closeIssue(issueId: $id, comment: "同意销号")', { id });
  const requestExtension = (lead: UnitWithToken, id: string, newDueAt: string) =>
    tryAct(lead.token, 'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季施工受阻")', { id, d: newDueAt });
  const decide = (id: string, approve: boolean) =>
    act(
      OFFICE_TOKEN,
      `decideExtension(issueId: $id, approve: ${approve}, comment: "${approve ? '同意延期' : '不予延期'}")`,
      { id },
    );

  const assignImmediate = async (lead: UnitWithToken): Promise<IssueView> => {
    const filed = await fileIssue(t, { title: '立行立改：道路扬尘未及时清扫', category: 'AIR' });
    return (
      await t.ok<{ r: IssueView }>(
        OFFICE_TOKEN,
        `mutation($id: ID!, $lead: ID!) { r: assignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: IMMEDIATE }) { ${ISSUE_VIEW} } }`,
        { id: filed.id, lead: lead.id },
      )
    ).r;
  };

  /** A problem led by `lead` with a DATE deadline, signed for (RECTIFYING.inProgress) unless told otherwise. */
  const rectifying = async (
    lead: UnitWithToken,
    dueAt: string,
    options: { accept?: boolean; title?: string } = {},
  ): Promise<IssueView> => {
    const filed = await fileIssue(t, { title: options.title ?? '污水处理厂出水超标' });
    await assign(t, filed.id, lead.id, { dueAt });
    return options.accept === false ? view(filed.id) : accept(lead, filed.id);
  };

  const calendar = async (year: number, token = OFFICE_TOKEN): Promise<CalendarDay[]> =>
    (
      await t.ok<{ calendarDays: CalendarDay[] }>(
        token,
        `query($y: Int!) { calendarDays(year: $y) { day kind name source } }`,
        { y: year },
      )
    ).calendarDays;

  const unitReport = async (unitId: string): Promise<ReportRow> => {
    const data = await t.ok<{ closureReport: { rows: ReportRow[]; total: ReportRow } }>(
      OFFICE_TOKEN,
      `query($u: ID!) { closureReport(unitId: $u) {
         rows { unit { id } total closed completedOnTime onTimeRate overdue dueSoon }
         total { unit { id } total closed completedOnTime onTimeRate overdue dueSoon } } }`,
      { u: unitId },
    );
    expect(data.closureReport.rows.map((r) => r.unit?.id)).toEqual([unitId]);
    return data.closureReport.rows[0];
  };

  const listCodes = async (filter: Record<string, unknown>): Promise<string[]> => {
    const data = await t.ok<{ issues: { totalCount: number; edges: { node: { code: string } }[] } }>(
      OFFICE_TOKEN,
      `query($f: IssueFilter) { issues(filter: $f, first: 200) { totalCount edges { node { code } } } }`,
      { f: filter },
    );
    expect(data.issues.totalCount).toBe(data.issues.edges.length);
    return data.issues.edges.map((e) => e.node.code).sort();
  };

  /** The escalate rows of a problem's log: through the API, and the level each carried (from the stored payload). */
  const escalations = async (id: string): Promise<{ levels: string[]; rows: LogRow[] }> => {
    const rows = (await view(id)).events.filter((e) => e.type === 'escalate');
    const stored: { level: string }[] = await t.db.query(
      `SELECT payload->>'level' AS level FROM issue_events WHERE issue_id = $1 AND type = 'escalate' ORDER BY seq`,
      [id],
    );
    return { levels: stored.map((r) => r.level), rows };
  };

  const sweepTwice = async (): Promise<void> => {
    await sweeper.sweep();
    await sweeper.sweep();
  };

  // ---------- complaints ----------

  describe('complaint reply deadlines (15 working days)', () => {
    it('defaults replyDueAt to 24:00 Shanghai of the 15th working day after filing, skipping 中秋, 国庆 and counting the 调休 Saturday', async () => {
      const days = await calendar(2026);
      t.clock.set('2026-09-25T02:00:00.000Z'); // Friday 25 Sep, a holiday
      const complaint = await fileIssue(t, {
        source: 'PUBLIC_COMPLAINT',
        title: '12345 举报 餐饮油烟扰民',
        category: 'AIR',
        complainantName: '王五',
      });
      const filed = await view(complaint.id);
      const expectedDay = nthWorkingDayAfter('2026-09-25', 15, days);
      // 28, 29, 30 Sep; 8, 9, 10 (Saturday, 调休), 12–16, 19–22 Oct.
      expect(expectedDay).toBe('2026-10-22');
      expect(filed.replyDueAt).toBe(endOfShanghaiDay(expectedDay));
      expect(filed.replyDueAt).toBe('2026-10-22T16:00:00.000Z');

      const ordinary = await fileIssue(t, { title: '非投诉问题没有答复时限' });
      expect((await view(ordinary.id)).replyDueAt).toBeNull();
    });

    it('counts from the Shanghai day of filing, not the UTC day', async () => {
      const days = await calendar(2026);
      t.clock.set('2026-09-29T16:30:00.000Z'); // Wednesday 30 Sep 00:30 in Shanghai, still Tuesday in UTC
      const complaint = await fileIssue(t, {
        source: 'PUBLIC_COMPLAINT',
        title: '12369 举报 夜间偷排',
        category: 'WATER',
      });
      const expectedDay = nthWorkingDayAfter('2026-09-30', 15, days);
      expect(expectedDay).toBe('2026-10-27');
      expect((await view(complaint.id)).replyDueAt).toBe('2026-10-27T16:00:00.000Z');
    });

    it('keeps an explicit replyDueAt', async () => {
      const complaint = await fileIssue(t, {
        source: 'PUBLIC_COMPLAINT',
        title: '12345 举报 工地噪声',
        category: 'NOISE',
        replyDueAt: '2026-10-09T18:00:00+08:00',
      });
      expect((await view(complaint.id)).replyDueAt).toBe('2026-10-09T10:00:00.000Z');
    });
  });

  // ---------- calendar ----------

  describe('the working-day calendar', () => {
    it('lists exactly the official 2026 holidays and make-up working days from chinese-days', async () => {
      const days = await calendar(2026);
      const official = [
        ...Object.keys(OFFICIAL.holidays).map((day) => `${day} HOLIDAY`),
        ...Object.keys(OFFICIAL.workdays).map((day) => `${day} WORKDAY`),
      ]
        .filter((s) => s.startsWith('2026-'))
        .sort();
      expect(days.map((d) => `${d.day} ${d.kind}`)).toEqual(official);
      expect(days.map((d) => d.day)).toEqual([...days.map((d) => d.day)].sort());
      expect(days.every((d) => d.source === 'chinese-days')).toBe(true);
      expect(days.find((d) => d.day === '2026-10-01')).toEqual({
        day: '2026-10-01',
        kind: 'HOLIDAY',
        name: '国庆节',
        source: 'chinese-days',
      });
      expect(days.find((d) => d.day === '2026-09-25')).toEqual({
        day: '2026-09-25',
        kind: 'HOLIDAY',
        name: '中秋',
        source: 'chinese-days',
      });
      expect(days.find((d) => d.day === '2026-09-20')).toEqual({
        day: '2026-09-20',
        kind: 'WORKDAY',
        name: expect.stringContaining('国庆节'),
        source: 'chinese-days',
      });
      expect(days.find((d) => d.day === '2026-10-10')).toMatchObject({ kind: 'WORKDAY' });
      // Every role reads it.
      expect(await calendar(2026, unitToken)).toEqual(days);
      expect(await calendar(2026, leaderToken)).toEqual(days);
    });

    it('an IMMEDIATE deadline assigned on Wednesday 30 Sep ends at 24:00 Shanghai on Thursday 8 Oct, after National Day', async () => {
      const lead = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
      t.clock.set('2026-09-29T16:30:00.000Z'); // 00:30 on Wednesday 30 Sep in Shanghai
      expect(await assignImmediate(lead)).toMatchObject({
        deadlineKind: 'IMMEDIATE',
        dueAt: '2026-10-08T16:00:00.000Z',
        originalDueAt: '2026-10-08T16:00:00.000Z',
      });
      t.clock.set('2026-09-30T15:30:00.000Z'); // 23:30 on Wednesday 30 Sep in Shanghai
      expect((await assignImmediate(lead)).dueAt).toBe('2026-10-08T16:00:00.000Z');
    });

    it('counts a make-up working day (调休) on a weekend as a working day, and not the Sunday after it', async () => {
      const lead = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
      t.clock.set('2026-10-09T03:00:00.000Z'); // Friday 9 Oct, 11:00
      expect((await assignImmediate(lead)).dueAt).toBe('2026-10-10T16:00:00.000Z'); // Saturday 10 Oct, 调休
      t.clock.set('2026-10-10T02:00:00.000Z'); // Saturday 10 Oct, a working day, 10:00
      expect((await assignImmediate(lead)).dueAt).toBe('2026-10-12T16:00:00.000Z'); // Monday 12 Oct
    });

    it('moves the next IMMEDIATE deadline and complaint reply deadline when the office adds a holiday, and back when it removes it', async () => {
      const lead = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
      t.clock.set('2026-11-02T02:00:00.000Z'); // Monday 2 Nov, 10:00
      const complaintReply = async () =>
        (
          await view(
            (
              await fileIssue(t, {
                source: 'PUBLIC_COMPLAINT',
                title: '12345 举报 垃圾站臭味',
                category: 'SOLID_WASTE',
              })
            ).id,
          )
        ).replyDueAt;

      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-03T16:00:00.000Z');
      expect(await complaintReply()).toBe('2026-11-23T16:00:00.000Z');

      const set = await t.ok<{ setCalendarDay: CalendarDay }>(
        OFFICE_TOKEN,
        `mutation { setCalendarDay(day: "2026-11-03", kind: HOLIDAY, name: "区级停工日") { day kind name source } }`,
      );
      expect(set.setCalendarDay).toEqual({ day: '2026-11-03', kind: 'HOLIDAY', name: '区级停工日', source: 'office' });
      expect((await calendar(2026)).find((d) => d.day === '2026-11-03')).toEqual(set.setCalendarDay);

      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-04T16:00:00.000Z');
      expect(await complaintReply()).toBe('2026-11-24T16:00:00.000Z');

      expect(await t.ok(OFFICE_TOKEN, `mutation { removeCalendarDay(day: "2026-11-03") }`)).toEqual({
        removeCalendarDay: true,
      });
      expect((await calendar(2026)).some((d) => d.day === '2026-11-03')).toBe(false);
      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-03T16:00:00.000Z');
      expect(await complaintReply()).toBe('2026-11-23T16:00:00.000Z');
    });

    it('counts a Saturday the office marks as a working day, until it removes it', async () => {
      const lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      t.clock.set('2026-11-06T02:00:00.000Z'); // Friday 6 Nov, 10:00
      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-09T16:00:00.000Z'); // Monday
      const set = await t.ok<{ setCalendarDay: CalendarDay }>(
        OFFICE_TOKEN,
        `mutation { setCalendarDay(day: "2026-11-07", kind: WORKDAY, name: "区级补班") { day kind name source } }`,
      );
      expect(set.setCalendarDay).toEqual({ day: '2026-11-07', kind: 'WORKDAY', name: '区级补班', source: 'office' });
      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-07T16:00:00.000Z'); // Saturday
      expect(await t.ok(OFFICE_TOKEN, `mutation { removeCalendarDay(day: "2026-11-07") }`)).toEqual({
        removeCalendarDay: true,
      });
      expect((await assignImmediate(lead)).dueAt).toBe('2026-11-09T16:00:00.000Z');
    });

    it('answers false when removing a day that is not listed, and leaves the calendar as it was', async () => {
      const before = await calendar(2026);
      const removed = await t.ok<{ never: boolean; twice1: boolean; twice2: boolean }>(
        OFFICE_TOKEN,
        `mutation {
           never: removeCalendarDay(day: "2026-11-11")
           set: setCalendarDay(day: "2026-12-31", kind: HOLIDAY, name: "临时") { day }
           twice1: removeCalendarDay(day: "2026-12-31")
           twice2: removeCalendarDay(day: "2026-12-31")
         }`,
      );
      expect(removed).toEqual({ never: false, set: { day: '2026-12-31' }, twice1: true, twice2: false });
      expect(await calendar(2026)).toEqual(before);
    });

    it('lets neither a UNIT nor a LEADER edit the calendar (FORBIDDEN), and changes nothing', async () => {
      const before = await calendar(2026);
      for (const token of [unitToken, leaderToken]) {
        const set = await t.gql(
          token,
          `mutation { setCalendarDay(day: "2026-12-01", kind: HOLIDAY, name: "私设假日") { day } }`,
        );
        expect({ code: codeOf(set), data: set.data }).toEqual({ code: 'FORBIDDEN', data: null });
        const removed = await t.gql(token, `mutation { removeCalendarDay(day: "2026-10-01") }`);
        expect({ code: codeOf(removed), data: removed.data }).toEqual({ code: 'FORBIDDEN', data: null });
      }
      expect(await calendar(2026)).toEqual(before);
    });

    it.each(['2026-02-30', '2026-13-01', '2026-9-1', '20261001', ''])(
      'refuses the day %p as BAD_USER_INPUT',
      async (day) => {
        const before = await calendar(2026);
        const set = await t.gql(
          OFFICE_TOKEN,
          `mutation($d: Date!) { setCalendarDay(day: $d, kind: HOLIDAY) { day } }`,
          { d: day },
        );
        expect({ code: codeOf(set), data: set.data ?? null }).toEqual({ code: 'BAD_USER_INPUT', data: null });
        const removed = await t.gql(OFFICE_TOKEN, `mutation($d: Date!) { removeCalendarDay(day: $d) }`, { d: day });
        expect({ code: codeOf(removed), data: removed.data ?? null }).toEqual({ code: 'BAD_USER_INPUT', data: null });
        expect(await calendar(2026)).toEqual(before);
      },
    );

    it('names the bad argument (day), not the client’s variable, in extensions.fields', async () => {
      const set = await t.gql(OFFICE_TOKEN, `mutation($d: Date!) { setCalendarDay(day: $d, kind: HOLIDAY) { day } }`, {
        d: '2026-02-30',
      });
      expect(set.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['day'] });
    });
  });

  // ---------- extensions ----------

  describe('extensions', () => {
    beforeAll(() => t.clock.set('2026-12-01T02:00:00.000Z')); // after the calendar tests

    it('refuses a request made after the deadline as INVALID_TRANSITION', async () => {
      const lead = await createUnitWithToken(t, { name: '区水利局' });
      const due = plusDays(t.clock.now(), 10);
      const issue = await rectifying(lead, due);
      expect(issue.allowedEvents).toContain('requestExtension');
      t.clock.set(plusMinutes(due, 1));
      const reply = await requestExtension(lead, issue.id, plusDays(due, 30));
      expect(reply.data).toBeNull();
      expect(reply.errors).toHaveLength(1);
      expect(reply.errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'RECTIFYING.inProgress' });
      expect(reply.errors![0].extensions.allowedEvents).not.toContain('requestExtension');
      expect(await view(issue.id)).toMatchObject({
        version: issue.version,
        dueAt: due,
        pendingExtension: null,
        overdue: true,
      });
    });

    it('refuses a second request while one is pending as INVALID_TRANSITION, keeping the first', async () => {
      const lead = await createUnitWithToken(t, { name: '区农业农村委' });
      const due = plusDays(t.clock.now(), 10);
      const issue = await rectifying(lead, due);
      const asked = plusDays(due, 20);
      const first = await requestExtension(lead, issue.id, asked);
      expect(first.errors).toBeUndefined();
      expect(first.data!.r.pendingExtension).toEqual({
        newDueAt: asked,
        reason: '雨季施工受阻',
        requestedAt: t.clock.now().toISOString(),
      });
      expect(first.data!.r.allowedEvents).not.toContain('requestExtension');

      const second = await requestExtension(lead, issue.id, plusDays(due, 40));
      expect(second.data).toBeNull();
      expect(second.errors![0].extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        state: 'RECTIFYING.inProgress',
      });
      const after = await view(issue.id);
      expect(after).toMatchObject({
        version: first.data!.r.version,
        dueAt: due,
        pendingExtension: { newDueAt: asked },
      });
    });

    it('moves dueAt on approval and keeps originalDueAt; keeps dueAt on refusal', async () => {
      const lead = await createUnitWithToken(t, { name: '区住房城乡建委' });
      const due = plusDays(t.clock.now(), 10);
      const issue = await rectifying(lead, due);
      expect(issue).toMatchObject({ dueAt: due, originalDueAt: due });

      const asked = plusDays(due, 20);
      await requestExtension(lead, issue.id, asked);
      const approved = await decide(issue.id, true);
      expect(approved).toMatchObject({
        dueAt: asked,
        originalDueAt: due,
        pendingExtension: null,
        substate: 'RECTIFYING.inProgress',
      });

      const refusedAsk = await requestExtension(lead, issue.id, plusDays(asked, 30));
      expect(refusedAsk.errors).toBeUndefined();
      const refused = await decide(issue.id, false);
      expect(refused).toMatchObject({ dueAt: asked, originalDueAt: due, pendingExtension: null });
      expect(refused.allowedEvents).toContain('requestExtension');
      expect(refused.events.slice(-4).map((e) => e.type)).toEqual([
        'requestExtension',
        'decideExtension',
        'requestExtension',
        'decideExtension',
      ]);
    });

    it('judges on-time against the deadline in force when the accepted submission came', async () => {
      const lead = await createUnitWithToken(t, { name: '区林业局' });
      const start = t.clock.now();
      const due = plusDays(start, 10);
      const extended = await rectifying(lead, due, { title: '延期后按时完成' });
      const late = await rectifying(lead, due, { title: '未延期 逾期完成' });
      const resubmittedLate = await rectifying(lead, due, { title: '按时提交 验收未通过 逾期重报' });

      await requestExtension(lead, extended.id, plusDays(due, 20));
      await decide(extended.id, true);

      t.clock.set(plusDays(due, -1));
      await submit(lead, resubmittedLate.id);
      await verify(resubmittedLate.id, false);

      t.clock.set(plusDays(due, 5)); // after the first deadline, before the extended one
      for (const issue of [extended, late, resubmittedLate]) {
        await submit(lead, issue.id);
        await verify(issue.id, true);
        await close(issue.id);
      }

      const row = await unitReport(lead.id);
      expect(row).toEqual({
        unit: { id: lead.id },
        total: 3,
        closed: 3,
        completedOnTime: 1,
        onTimeRate: expect.closeTo(1 / 3, 12),
        overdue: 0,
        dueSoon: 0,
      });
    });
  });

  // ---------- overdue ----------

  describe('one calendar day for a deadline', () => {
    const days = async (id: string, token = OFFICE_TOKEN) =>
      (
        await t.ok<{
          issue: {
            dueDay: string | null;
            originalDueDay: string | null;
            daysOverdue: number;
            overdue: boolean;
            replyDueDay: string | null;
            pendingExtension: { newDueDay: string } | null;
          };
        }>(
          token,
          `query($id: ID!) { issue(id: $id) { dueDay originalDueDay daysOverdue overdue replyDueDay pendingExtension { newDueDay } } }`,
          { id },
        )
      ).issue;

    it('shows an IMMEDIATE deadline (24:00 Shanghai) as its own day, and counts days overdue by the calendar', async () => {
      const lead = await createUnitWithToken(t, { name: '区住房城乡建委' });
      t.clock.set('2026-11-18T02:00:00.000Z'); // Wednesday 18 Nov, 10:00 in Shanghai
      const issue = await assignImmediate(lead);
      expect(issue.dueAt).toBe('2026-11-19T16:00:00.000Z'); // 24:00 on Thursday 19 Nov
      await accept(lead, issue.id);
      expect(await days(issue.id, lead.token)).toMatchObject({
        dueDay: '2026-11-19',
        originalDueDay: '2026-11-19',
        daysOverdue: 0,
        overdue: false,
        replyDueDay: null,
      });
      t.clock.set('2026-11-19T15:59:59.000Z'); // 23:59:59 on the day itself: not yet overdue
      expect(await days(issue.id)).toMatchObject({ daysOverdue: 0, overdue: false });
      t.clock.set('2026-11-19T16:00:01.000Z'); // 00:00:01 on Friday: one day overdue
      expect(await days(issue.id)).toMatchObject({ daysOverdue: 1, overdue: true });
      t.clock.set('2026-11-22T15:00:00.000Z'); // 23:00 on Sunday 22 Nov
      expect(await days(issue.id)).toMatchObject({ dueDay: '2026-11-19', daysOverdue: 3, overdue: true });
    });

    it('gives the day of a date picked as the end of a day, of a requested extension and of a complaint’s reply deadline', async () => {
      const lead = await createUnitWithToken(t, { name: '区卫生健康委' });
      t.clock.set('2026-11-23T02:00:00.000Z'); // Monday 23 Nov
      const issue = await rectifying(lead, '2026-12-04T23:59:59+08:00');
      const requested = await requestExtension(lead, issue.id, '2026-12-18T16:00:00.000Z'); // 24:00 on 18 Dec
      expect(requested.errors).toBeUndefined();
      expect(await days(issue.id)).toMatchObject({
        dueDay: '2026-12-04',
        pendingExtension: { newDueDay: '2026-12-18' },
        daysOverdue: 0,
      });
      await decide(issue.id, true);
      expect(await days(issue.id)).toMatchObject({ dueDay: '2026-12-18', originalDueDay: '2026-12-04' });

      const complaint = await fileIssue(t, { source: 'PUBLIC_COMPLAINT', title: '夜间施工噪声扰民' });
      const reply = await t.ok<{ issue: { replyDueAt: string } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { replyDueAt } }`,
        { id: complaint.id },
      );
      expect((await days(complaint.id)).replyDueDay).toBe(
        new Date(Date.parse(reply.issue.replyDueAt) - 1 + 8 * 3_600_000).toISOString().slice(0, 10),
      );
    });
  });

  describe('overdue', () => {
    beforeAll(() => t.clock.advanceDays(7));

    it('is not overdue while a submission made in time waits for the office, and is again when verification fails after the deadline', async () => {
      const lead = await createUnitWithToken(t, { name: '区经济信息委' });
      const due = plusDays(t.clock.now(), 10);
      const issue = await rectifying(lead, due);
      const check = async (overdue: boolean) => {
        expect((await view(issue.id)).overdue).toBe(overdue);
        expect(await listCodes({ overdue: true, unitId: lead.id })).toEqual(overdue ? [issue.code] : []);
        expect(await listCodes({ overdue: false, unitId: lead.id })).toEqual(overdue ? [] : [issue.code]);
        expect((await unitReport(lead.id)).overdue).toBe(overdue ? 1 : 0);
      };

      t.clock.set(plusDays(due, -1));
      await submit(lead, issue.id);
      await check(false);

      t.clock.set(plusDays(due, 3));
      await check(false);
      expect((await view(issue.id)).dueSoon).toBe(false);

      await verify(issue.id, false);
      expect((await view(issue.id)).substate).toBe('RECTIFYING.inProgress');
      await check(true);

      // Submitted again (late): the office holds it, so it is not the unit's overdue item while it is checked.
      await submit(lead, issue.id);
      await check(false);
    });

    it('never makes a LONG_TERM problem overdue or due soon, nor escalates it', async () => {
      const lead = await createUnitWithToken(t, { name: '区规划自然资源局' });
      const filed = await fileIssue(t, { title: '长江岸线生态修复 长期坚持', category: 'ECOLOGY' });
      await assign(t, filed.id, lead.id, { deadlineKind: 'LONG_TERM' });
      const held = await accept(lead, filed.id);
      expect(held).toMatchObject({
        deadlineKind: 'LONG_TERM',
        dueAt: null,
        overdue: false,
        dueSoon: false,
        escalationLevel: 'NONE',
      });

      t.clock.set(plusDays(t.clock.now(), 400));
      await sweepTwice();
      expect(await view(filed.id)).toMatchObject({
        overdue: false,
        dueSoon: false,
        escalationLevel: 'NONE',
        version: held.version,
      });
      expect((await escalations(filed.id)).rows).toEqual([]);
      expect(await listCodes({ overdue: true, unitId: lead.id })).toEqual([]);
      expect(await unitReport(lead.id)).toMatchObject({ total: 1, overdue: 0, dueSoon: 0 });
    });

    it('agrees between the overdue field, issues(filter: {overdue}) and closureReport.overdue', async () => {
      const lead = await createUnitWithToken(t, { name: '区发展改革委' });
      const start = t.clock.now();
      const soon = plusDays(start, 3);
      const p: Record<string, IssueView> = {};
      p.assigned = await rectifying(lead, soon, { accept: false, title: '已交办 未签收' });
      p.inProgress = await rectifying(lead, soon, { title: '整改中 已过期' });
      p.submitted = await rectifying(lead, soon, { title: '已提交 待验收' });
      p.later = await rectifying(lead, plusDays(start, 30), { title: '时限未到' });
      p.closed = await rectifying(lead, soon, { title: '已销号' });
      const longTermFiled = await fileIssue(t, { title: '长期坚持' });
      await assign(t, longTermFiled.id, lead.id, { deadlineKind: 'LONG_TERM' });
      p.longTerm = await accept(lead, longTermFiled.id);

      await submit(lead, p.submitted.id);
      await submit(lead, p.closed.id);
      await verify(p.closed.id, true);
      await close(p.closed.id);

      t.clock.set(plusDays(start, 5));
      const expectedOverdue = [p.assigned.code, p.inProgress.code].sort();
      for (const issue of Object.values(p)) {
        expect({ code: issue.code, overdue: (await view(issue.id)).overdue }).toEqual({
          code: issue.code,
          overdue: expectedOverdue.includes(issue.code),
        });
      }
      expect(await listCodes({ overdue: true, unitId: lead.id })).toEqual(expectedOverdue);
      expect(await listCodes({ overdue: false, unitId: lead.id })).toEqual(
        Object.values(p)
          .map((i) => i.code)
          .filter((c) => !expectedOverdue.includes(c))
          .sort(),
      );
      expect(await unitReport(lead.id)).toMatchObject({ total: 6, closed: 1, overdue: 2 });

      // District-wide, over every problem the earlier tests left behind, the three still agree.
      const everything = await t.ok<{ issues: { totalCount: number; edges: { node: { overdue: boolean } }[] } }>(
        OFFICE_TOKEN,
        `{ issues(first: 200) { totalCount edges { node { overdue } } } }`,
      );
      expect(everything.issues.totalCount).toBe(everything.issues.edges.length);
      const overdueList = await t.ok<{ issues: { totalCount: number; edges: { node: { overdue: boolean } }[] } }>(
        OFFICE_TOKEN,
        `{ issues(filter: { overdue: true }, first: 200) { totalCount edges { node { overdue } } } }`,
      );
      const report = await t.ok<{ closureReport: { total: { overdue: number } } }>(
        OFFICE_TOKEN,
        `{ closureReport { total { overdue } } }`,
      );
      const byField = everything.issues.edges.filter((e) => e.node.overdue).length;
      expect(byField).toBeGreaterThanOrEqual(2);
      expect(overdueList.issues.totalCount).toBe(byField);
      expect(overdueList.issues.edges.every((e) => e.node.overdue)).toBe(true);
      expect(report.closureReport.total.overdue).toBe(byField);
    });
  });

  // ---------- escalation ----------

  describe('escalation by the deadline sweep', () => {
    beforeAll(() => t.clock.advanceDays(7));

    it('sends 预警 6 days before, 督办 just after the deadline, 挂牌督办 after 31 days — each exactly once', async () => {
      const lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      const due = plusDays(t.clock.now(), 20);
      const issue = await rectifying(lead, due);
      const level = async () => (await view(issue.id)).escalationLevel;

      const steps: [string, string, string[]][] = [
        [plusDays(due, -8), 'NONE', []],
        [plusDays(due, -7), 'NONE', []],
        [plusDays(due, -6), 'WARNING', ['WARNING']],
        [due, 'WARNING', ['WARNING']],
        [plusMinutes(due, 1), 'SUPERVISION', ['WARNING', 'SUPERVISION']],
        [plusDays(due, 30), 'SUPERVISION', ['WARNING', 'SUPERVISION']],
        [plusDays(due, 31), 'NAMED_SUPERVISION', ['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']],
        [plusDays(due, 60), 'NAMED_SUPERVISION', ['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']],
      ];
      for (const [moment, expectedLevel, expectedRungs] of steps) {
        t.clock.set(moment);
        await sweepTwice();
        expect({ moment, level: await level(), rungs: (await escalations(issue.id)).levels }).toEqual({
          moment,
          level: expectedLevel,
          rungs: expectedRungs,
        });
      }

      const { rows } = await escalations(issue.id);
      expect(rows).toEqual([
        {
          seq: issue.version + 1,
          type: 'escalate',
          fromState: 'RECTIFYING.inProgress',
          toState: 'RECTIFYING.inProgress',
          actor: SWEEPER,
          unit: null,
          at: plusDays(due, -6),
        },
        {
          seq: issue.version + 2,
          type: 'escalate',
          fromState: 'RECTIFYING.inProgress',
          toState: 'RECTIFYING.inProgress',
          actor: SWEEPER,
          unit: null,
          at: plusMinutes(due, 1),
        },
        {
          seq: issue.version + 3,
          type: 'escalate',
          fromState: 'RECTIFYING.inProgress',
          toState: 'RECTIFYING.inProgress',
          actor: SWEEPER,
          unit: null,
          at: plusDays(due, 31),
        },
      ]);
      expect((await view(issue.id)).version).toBe(issue.version + 3);
    });

    it('escalates a problem still ASSIGNED (not signed for) too, and filters by escalationLevels', async () => {
      const lead = await createUnitWithToken(t, { name: '区生态环境局' });
      const dueA = plusDays(t.clock.now(), 20);
      const dueB = plusDays(t.clock.now(), 40);
      const a = await rectifying(lead, dueA, { accept: false, title: '交办后未签收' });
      const b = await rectifying(lead, dueB, { title: '整改中 尚早' });

      t.clock.set(plusMinutes(dueA, 1));
      await sweepTwice();
      expect(await view(a.id)).toMatchObject({ substate: 'ASSIGNED', escalationLevel: 'SUPERVISION', overdue: true });
      expect(await view(b.id)).toMatchObject({ escalationLevel: 'NONE' });
      expect((await escalations(a.id)).rows.map((r) => [r.fromState, r.toState, r.actor])).toEqual([
        ['ASSIGNED', 'ASSIGNED', SWEEPER],
        ['ASSIGNED', 'ASSIGNED', SWEEPER],
      ]);
      expect(await listCodes({ unitId: lead.id, escalationLevels: ['SUPERVISION'] })).toEqual([a.code]);
      expect(await listCodes({ unitId: lead.id, escalationLevels: ['NONE'] })).toEqual([b.code]);
      expect(await listCodes({ unitId: lead.id, escalationLevels: ['WARNING', 'NAMED_SUPERVISION'] })).toEqual([]);

      t.clock.set(plusDays(dueB, -3));
      await sweepTwice();
      expect(await listCodes({ unitId: lead.id, escalationLevels: ['WARNING'] })).toEqual([b.code]);
      expect(await listCodes({ unitId: lead.id, escalationLevels: ['SUPERVISION', 'WARNING'] })).toEqual(
        [a.code, b.code].sort(),
      );
    });

    it('sends all three rungs in order in one sweep when the clock jumps from before the warning to 40 days overdue', async () => {
      const lead = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
      const due = plusDays(t.clock.now(), 20);
      const issue = await rectifying(lead, due);
      t.clock.set(plusDays(due, -10));
      await sweeper.sweep();
      expect((await escalations(issue.id)).levels).toEqual([]);

      const jump = plusDays(due, 40);
      t.clock.set(jump);
      await sweepTwice();
      const { levels, rows } = await escalations(issue.id);
      expect(levels).toEqual(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
      expect(rows.map((r) => [r.seq, r.actor, r.at])).toEqual([
        [issue.version + 1, SWEEPER, jump],
        [issue.version + 2, SWEEPER, jump],
        [issue.version + 3, SWEEPER, jump],
      ]);
      expect((await view(issue.id)).escalationLevel).toBe('NAMED_SUPERVISION');
    });

    it('starts again from NONE when an extension is approved, and climbs the rungs again for the new deadline', async () => {
      const lead = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
      const due = plusDays(t.clock.now(), 20);
      const issue = await rectifying(lead, due);

      t.clock.set(plusDays(due, -6));
      await sweepTwice();
      expect((await view(issue.id)).escalationLevel).toBe('WARNING');

      const extended = plusDays(due, 30);
      await requestExtension(lead, issue.id, extended);
      const approved = await decide(issue.id, true);
      expect(approved).toMatchObject({ dueAt: extended, originalDueAt: due, escalationLevel: 'NONE', dueSoon: false });
      await sweepTwice();
      expect((await view(issue.id)).escalationLevel).toBe('NONE');

      t.clock.set(plusMinutes(due, 1)); // past the first deadline, not the extended one
      await sweepTwice();
      expect(await view(issue.id)).toMatchObject({ escalationLevel: 'NONE', overdue: false });

      t.clock.set(plusDays(extended, -6));
      await sweepTwice();
      t.clock.set(plusMinutes(extended, 1));
      await sweepTwice();
      t.clock.set(plusDays(extended, 31));
      await sweepTwice();
      expect((await view(issue.id)).escalationLevel).toBe('NAMED_SUPERVISION');
      expect((await escalations(issue.id)).levels).toEqual(['WARNING', 'WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
    });

    it('does not escalate a problem submitted before its deadline while the office checks it; resumes when verification fails', async () => {
      const lead = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
      const due = plusDays(t.clock.now(), 20);
      const issue = await rectifying(lead, due);
      t.clock.set(plusDays(due, -10));
      await submit(lead, issue.id);

      t.clock.set(plusDays(due, 40));
      await sweepTwice();
      expect(await view(issue.id)).toMatchObject({
        substate: 'RECTIFYING.submitted',
        escalationLevel: 'NONE',
        overdue: false,
      });
      expect((await escalations(issue.id)).rows).toEqual([]);

      await verify(issue.id, false);
      await sweepTwice();
      expect((await escalations(issue.id)).levels).toEqual(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
    });

    it('never escalates a LONG_TERM problem', async () => {
      const lead = await createUnitWithToken(t, { name: '区城市管理局' });
      const filed = await fileIssue(t, { title: '长期坚持 秸秆禁烧', category: 'AIR' });
      await assign(t, filed.id, lead.id, { deadlineKind: 'LONG_TERM' });
      const held = await accept(lead, filed.id);
      t.clock.set(plusDays(t.clock.now(), 60));
      await sweepTwice();
      expect(await view(filed.id)).toMatchObject({ escalationLevel: 'NONE', version: held.version });
    });

    it('sends each rung once when two sweeps race on the same app', async () => {
      const lead = await createUnitWithToken(t, { name: '区水利局' });
      const due = plusDays(t.clock.now(), 20);
      const issues = [
        await rectifying(lead, due),
        await rectifying(lead, due),
        await rectifying(lead, due, { accept: false }),
      ];
      t.clock.set(plusDays(due, 40));
      const results = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
      expect(results.some((r) => r.ran)).toBe(true);
      await sweepTwice();
      for (const issue of issues) {
        const { levels, rows } = await escalations(issue.id);
        expect(levels).toEqual(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
        expect(rows.map((r) => r.seq)).toEqual([issue.version + 1, issue.version + 2, issue.version + 3]);
      }
    });

    it('sends each rung once when two app instances on the same database sweep at the same moment', async () => {
      const lead = await createUnitWithToken(t, { name: '区农业农村委' });
      const due = plusDays(t.clock.now(), 20);
      const issues = [await rectifying(lead, due), await rectifying(lead, due), await rectifying(lead, due)];

      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, RECTIFY_SWEEP_INTERVAL_MS: '0' });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
        .overrideProvider(Clock)
        .useValue(t.clock)
        .compile();
      const other: INestApplication = moduleRef.createNestApplication(createHttpAdapter(config), { logger: ['error'] });
      await other.init();
      try {
        const otherSweeper = other.get(DeadlineSweepService);
        expect(otherSweeper).not.toBe(sweeper);

        t.clock.set(plusDays(due, -6));
        await Promise.all([sweeper.sweep(), otherSweeper.sweep(), sweeper.sweep(), otherSweeper.sweep()]);
        t.clock.set(plusDays(due, 40));
        const results = await Promise.all([sweeper.sweep(), otherSweeper.sweep()]);
        expect(results.some((r) => r.ran)).toBe(true);
        await Promise.all([otherSweeper.sweep(), sweeper.sweep()]);
      } finally {
        await other.close();
      }
      for (const issue of issues) {
        const { levels, rows } = await escalations(issue.id);
        expect(levels).toEqual(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
        expect(rows.map((r) => [r.seq, r.actor])).toEqual([
          [issue.version + 1, SWEEPER],
          [issue.version + 2, SWEEPER],
          [issue.version + 3, SWEEPER],
        ]);
        expect(rows.map((r) => r.at)).toEqual([plusDays(due, -6), plusDays(due, 40), plusDays(due, 40)]);
      }
    });

    it('never leaves a rung of the old deadline on a problem whose extension is approved while a sweep runs', async () => {
      const lead = await createUnitWithToken(t, { name: '区住房城乡建委' });
      const due = plusDays(t.clock.now(), 20);
      const extended = plusDays(due, 60);
      const issues: IssueView[] = [];
      for (let i = 0; i < 30; i++) issues.push(await rectifying(lead, due, { title: `延期与督办赛跑 ${i}` }));
      for (const issue of issues) expect((await requestExtension(lead, issue.id, extended)).errors).toBeUndefined();

      t.clock.set(plusDays(due, -3)); // in the warning window of the old deadline, far from the new one
      // The sweep works through the problems in id order; the office approves from the other end.
      const approvals = (async () => {
        for (const issue of [...issues].sort((m, n) => n.id.localeCompare(m.id))) await decide(issue.id, true);
      })();
      await Promise.all([sweeper.sweep(), approvals]);
      await sweepTwice();

      const levels = await Promise.all(issues.map(async (issue) => (await view(issue.id)).escalationLevel));
      expect(levels).toEqual(issues.map(() => 'NONE'));
      for (const issue of issues) {
        const v = await view(issue.id);
        const approvedAt = v.events.findIndex((e) => e.type === 'decideExtension');
        // A warning is fine only before the approval (which resets it); none may follow it for a deadline 60 days away.
        expect({ code: v.code, after: v.events.slice(approvedAt + 1).map((e) => e.type) }).toEqual({
          code: v.code,
          after: [],
        });
      }
    });

    it('writes every escalate event as the SYSTEM actor, and the log still replays to the stored state', async () => {
      const actors: { actor: string; role: string; n: number }[] = await t.db.query(
        `SELECT actor, actor_role AS role, count(*)::int AS n FROM issue_events WHERE type = 'escalate' GROUP BY actor, actor_role`,
      );
      expect(actors).toEqual([{ actor: SWEEPER, role: 'SYSTEM', n: expect.any(Number) }]);
      const [{ n: issueCount }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM issues`);
      const check = await t.ok<{ verifyLog: { checked: number; mismatches: unknown[] } }>(
        OFFICE_TOKEN,
        `{ verifyLog { checked mismatches { issueId code storedSubstate replayedSubstate fields } } }`,
      );
      expect(check.verifyLog).toEqual({ checked: issueCount, mismatches: [] });
    });
  });
});
