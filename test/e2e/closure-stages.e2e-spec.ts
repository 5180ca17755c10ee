// The road to 销号 in the table (#25): per lead unit and in total, the problems waiting at each stage as of any moment,
// and the median days the stages left in the period took — walked at known times through the real mutations.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ClosureStagesQuery,
  STAGE_SQL_SUBSTATES,
  type StageFiguresRow,
} from '../../src/reports/closure-stages.query.js';
import { assign, createToken, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const T0 = Date.parse('2026-03-02T02:00:00.000Z'); // Monday 2 March, 10:00 in Shanghai
const at = (days: number) => new Date(T0 + days * 86_400_000).toISOString();
const TABLE = `query($asOf: DateTime, $periodStart: DateTime, $unitRole: UnitRole) {
  closureReport(asOf: $asOf, periodStart: $periodStart, unitRole: $unitRole) {
    rows { unit { id } stages { stage waiting completed medianDays } }
    total { stages { stage waiting completed medianDays } } } }`;

interface Stage {
  stage: string;
  waiting: number;
  completed: number;
  medianDays: number | null;
}
interface Table {
  rows: { unit: { id: string }; stages: Stage[] }[];
  total: { stages: Stage[] };
}

describe('the road to 销号 in the table: who waits at which stage, and how long the stages took', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let other: UnitWithToken;
  let bureau: UnitWithToken;
  let leader: string;

  const send = (token: string, mutation: string, id: string) =>
    t.ok(token, `mutation($id: ID!) { r: ${mutation} { id } }`, { id });
  const table = async (variables: Record<string, unknown>, token = OFFICE_TOKEN) =>
    (await t.ok<{ closureReport: Table }>(token, TABLE, variables)).closureReport;
  /** A row's stages as [stage, waiting, completed, median] for the stages with anything in them. */
  const busy = (stages: Stage[]) =>
    stages.filter((s) => s.waiting || s.completed).map((s) => [s.stage, s.waiting, s.completed, s.medianDays]);
  const rowOf = (report: Table, unit: UnitWithToken) => busy(report.rows.find((r) => r.unit.id === unit.id)!.stages);

  async function inProgress(lead: UnitWithToken, supervisor: UnitWithToken | null): Promise<string> {
    const issue = await fileIssue(t, { title: `${lead.name}的督察问题` });
    await assign(t, issue.id, lead.id, { dueAt: at(60) });
    if (supervisor)
      await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
        input: {
          issueId: issue.id,
          leadUnitId: lead.id,
          supervisingUnitId: supervisor.id,
          deadlineKind: 'DATE',
          dueAt: at(60),
        },
      });
    await send(lead.token, 'acceptIssue(issueId: $id)', issue.id);
    return issue.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ now: at(-1) });
    town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    other = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    bureau = await createUnitWithToken(t, { name: '区生态环境局' });
    leader = await createToken(t, 'LEADER', undefined, '分管副区长');
    const reviewed = await inProgress(town, bureau);
    const direct = await inProgress(town, null);
    const returned = await inProgress(other, bureau);
    const submit = 'submitRectification(issueId: $id, summary: "已完成整改")';

    t.clock.set(at(0));
    await send(town.token, submit, reviewed); // → the bureau's review
    await send(town.token, submit, direct); // → the office (no department named)
    t.clock.set(at(1));
    await send(other.token, submit, returned);
    t.clock.set(at(1.5));
    await t.ok(
      bureau.token,
      `mutation($id: ID!) { sendBackIssue(issueId: $id, step: DEPARTMENT_REVIEW, comment: "请补充监测报告") { id } }`,
      {
        id: returned,
      },
    );
    t.clock.set(at(2));
    await send(bureau.token, 'signOffIssue(issueId: $id, step: DEPARTMENT_REVIEW)', reviewed);
    t.clock.set(at(3));
    await send(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true)', reviewed);
    t.clock.set(at(4));
    await send(leader, 'signOffIssue(issueId: $id, step: LEADERSHIP_APPROVAL)', reviewed);
    t.clock.set(at(4.25));
  });
  afterAll(() => t.close());

  it('counts who waits where as of any moment', async () => {
    const early = await table({ asOf: at(0.5), periodStart: at(-1) });
    expect(rowOf(early, town)).toEqual([
      ['DEPARTMENT_REVIEW', 1, 0, null],
      ['OFFICE_ACCEPTANCE', 1, 0, null],
    ]);
    const later = await table({ asOf: at(3.5), periodStart: at(3.5) });
    expect(rowOf(later, town)).toEqual([
      ['OFFICE_ACCEPTANCE', 1, 0, null],
      ['LEADERSHIP_APPROVAL', 1, 0, null],
    ]);
  });

  it('takes the median days of the stages left in the period — signed on, or sent back', async () => {
    const now = await table({ periodStart: at(-1) });
    expect(rowOf(now, town)).toEqual([
      ['DEPARTMENT_REVIEW', 0, 1, 2],
      ['OFFICE_ACCEPTANCE', 1, 1, 1],
      ['LEADERSHIP_APPROVAL', 0, 1, 1],
      ['PUBLIC_NOTICE', 1, 0, null],
    ]);
    expect(rowOf(now, other)).toEqual([['DEPARTMENT_REVIEW', 0, 1, 0.5]]);
    // The total is the whole scope's, its median of every visit (0.5 and 2 days), not a sum of the rows'.
    expect(busy(now.total.stages)).toEqual([
      ['DEPARTMENT_REVIEW', 0, 2, 1.25],
      ['OFFICE_ACCEPTANCE', 1, 1, 1],
      ['LEADERSHIP_APPROVAL', 0, 1, 1],
      ['PUBLIC_NOTICE', 1, 0, null],
    ]);
    // Every stage is listed, in the road's order.
    expect(now.total.stages.map((s) => s.stage)).toEqual([
      'DEPARTMENT_REVIEW',
      'OFFICE_ACCEPTANCE',
      'LEADERSHIP_APPROVAL',
      'PUBLIC_NOTICE',
      'CITY_REVIEW',
      'CLOSING',
    ]);
    // A period that starts after the review ended counts no review.
    expect(rowOf(await table({ periodStart: at(2.5) }), town)).toEqual([
      ['OFFICE_ACCEPTANCE', 1, 1, 1],
      ['LEADERSHIP_APPROVAL', 0, 1, 1],
      ['PUBLIC_NOTICE', 1, 0, null],
    ]);
  });

  it('gives a unit its own row and the total; a cooperating table has no stages', async () => {
    const own = await table({ periodStart: at(-1) }, town.token);
    expect(own.rows.map((r) => r.unit.id)).toEqual([town.id]);
    expect(busy(own.total.stages)[0]).toEqual(['DEPARTMENT_REVIEW', 0, 2, 1.25]);
    const cooperating = await table({ periodStart: at(-1), unitRole: 'COOPERATING' });
    expect(busy(cooperating.total.stages)).toEqual([]);
  });

  it('counts who waits now from the problems as the log says they are, whatever the scope', async () => {
    const query = t.app.get(ClosureStagesQuery);
    const sort = (rows: StageFiguresRow[]) =>
      [...rows].sort((a, b) => `${a.unitId}${a.stage}`.localeCompare(`${b.unitId}${b.stage}`));
    for (const narrowed of [
      {},
      { unitId: town.id },
      { sources: ['CENTRAL_INSPECTION' as const] },
      { batch: '第三轮中央生态环境保护督察' },
    ]) {
      const scope = {
        asOf: t.clock.now(),
        periodStart: new Date(at(-1)),
        sources: null,
        unitId: null,
        batch: null,
        unitRole: 'LEAD' as const,
        ...narrowed,
      };
      const [now, then] = [await query.byUnit(scope, true), await query.byUnit(scope, false)];
      expect({ narrowed, rows: sort(now) }).toEqual({ narrowed, rows: sort(then) });
    }
  });

  it('reads the log through the partial indexes whose sub-states are the stages’ own', async () => {
    const defs = await t.db.query<{ indexname: string; indexdef: string }[]>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'issue%_stage_%' ORDER BY 1`,
    );
    expect(defs.map((d) => d.indexname)).toEqual([
      'issue_events_stage_in_idx',
      'issue_events_stage_out_idx',
      'issues_stage_idx',
    ]);
    for (const d of defs) {
      const named = [...d.indexdef.matchAll(/'([A-Za-z.]+)'::text/g)].map((m) => m[1]);
      expect(named.sort()).toEqual([...STAGE_SQL_SUBSTATES].sort());
    }
  });
});
