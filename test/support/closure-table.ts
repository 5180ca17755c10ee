// The closure table two ways, for tests that compare them: the service's (closureReport over HTTP) and the independent
// statement's over the problems and the log (bench/hand-sql.ts), each as rows per unit id, sorted, and the total.
import { HAND_SQL, handParams } from '../../bench/hand-sql.js';
import { addDays } from '../../src/common/shanghai-time.js';
import { OFFICE_TOKEN, type TestApp } from './test-app.js';

const FIGURES = `total closed completedOnTime overdue dueSoon rebounds filedInPeriod closedInPeriod complaints replyDue repliedOnTime rated satisfied`;
const REPORT = `query($asOf: DateTime, $periodStart: DateTime, $sources: [IssueSource!], $unitId: ID, $family: Boolean,
    $unitRole: UnitRole, $batch: String) {
  r: closureReport(asOf: $asOf, periodStart: $periodStart, sources: $sources, unitId: $unitId, childrenUnderParentSource: $family,
    unitRole: $unitRole, batch: $batch) {
    asOf periodStart rows { unit { id } ${FIGURES} } total { ${FIGURES} } } }`;
export const KEYS = FIGURES.split(' ');
export type Figures = Record<string, number>;

/**
 * The service's table (log = false) or the independent statement's for the same scope (log = true), as the rows per
 * unit id, sorted, and the total.
 */
export async function table(t: TestApp, variables: Record<string, unknown>, log: boolean): Promise<unknown> {
  const { r } = await t.ok<{
    r: { asOf: string; periodStart: string; rows: ({ unit: { id: string } } & Figures)[]; total: Figures };
  }>(OFFICE_TOKEN, REPORT, { ...variables, family: variables.family ?? false });
  const pick = (x: Figures) => Object.fromEntries(KEYS.map((k) => [k, x[k]]));
  if (!log)
    return {
      rows: r.rows.map((x) => ({ unit: x.unit.id, ...pick(x) })).sort((a, b) => a.unit.localeCompare(b.unit)),
      total: pick(r.total),
    };
  const asOf = new Date(r.asOf);
  const rows = (await t.db.query(
    HAND_SQL,
    handParams({
      asOf,
      periodStart: new Date(r.periodStart),
      dueSoonUntil: addDays(asOf, 7),
      sources: variables.sources as string[] | undefined,
      unitId: variables.unitId as string | undefined,
      childrenUnderParentSource: variables.family === true,
      unitRole: variables.unitRole as 'LEAD' | 'COOPERATING' | undefined,
      batch: variables.batch as string | undefined,
    }),
  )) as ({ unitId: string | null } & Figures)[];
  const total = Object.fromEntries(KEYS.map((k) => [k, rows.reduce((n, x) => n + x[k], 0)]));
  return {
    rows: rows
      .filter((x) => x.unitId !== null)
      .map((x) => ({ unit: x.unitId as string, ...pick(x) }))
      .sort((a, b) => a.unit.localeCompare(b.unit)),
    total,
  };
}
