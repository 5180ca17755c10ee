import { Injectable } from '@nestjs/common';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { mayNarrowTableTo, tableRowsFor, type RowScope } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, forbidden } from '../common/domain-error.js';
import { addDays, startOfShanghaiDay, startOfShanghaiWeek } from '../common/shanghai-time.js';
import type { UnitRole } from '../issues/issue-list.query.js';
import type { UnitRecord } from '../units/unit.record.js';
import { UnitsRepository } from '../units/units.repository.js';
import {
  ClosureStagesQuery,
  type BehindScheduleRow,
  type PartFiguresRow,
  type StageFiguresRow,
} from './closure-stages.query.js';
import { FiguresQuery, type Counts, type ReportScope } from './figures.query.js';

export interface ClosureRow extends Counts {
  unit: UnitRecord | null;
  closureRate: number;
  onTimeRate: number;
  open: number;
  replyOnTimeRate: number;
  satisfactionRate: number;
  rank: number | null;
  /** 后进: among the lowest-ranked units the bulletin names (see LAGGING_UNITS). */
  lagging: boolean;
  /** The road-to-销号 figures of the table this row is of, read once for every row when first asked for. */
  stageFigures?: () => Promise<StageFiguresRow[]>;
  /** The problems behind their plan now, per unit, read once for every row when first asked for; null: not now. */
  behindScheduleCounts?: () => Promise<BehindScheduleRow[] | null>;
  /** The cooperating units' parts, per unit, read once for every row of a COOPERATING table now; null otherwise. */
  partFigures?: () => Promise<PartFiguresRow[] | null>;
}

/**
 * How many of the lowest ranks a bulletin names 后进单位: the units ranked in the last three places, ties with the last
 * of them included; none while no more than that many units are ranked.
 */
export const LAGGING_UNITS = 3;

export interface ClosureReport {
  asOf: Date;
  periodStart: Date;
  rows: ClosureRow[];
  total: ClosureRow;
  /** How many units the table ranks, whoever reads it: a unit reading its own row sees its place among them. */
  rankedUnits: number;
}

export interface ReportRequest {
  asOf?: Date | null;
  periodStart?: Date | null;
  sources?: IssueSource[] | null;
  unitId?: string | null;
  childrenUnderParentSource?: boolean | null;
  unitRole?: UnitRole | null;
  batch?: string | null;
}

/** What narrows a weekly table beside its week. */
export type WeeklyRequest = Pick<ReportRequest, 'sources' | 'unitRole' | 'batch'>;

/** No problems: every count 0. */
export const ZERO: Counts = {
  total: 0,
  closed: 0,
  completedOnTime: 0,
  overdue: 0,
  dueSoon: 0,
  rebounds: 0,
  filedInPeriod: 0,
  closedInPeriod: 0,
  complaints: 0,
  replyDue: 0,
  repliedOnTime: 0,
  rated: 0,
  satisfied: 0,
};
const COUNT_KEYS = Object.keys(ZERO) as (keyof Counts)[];
/** A moment this close ahead of the service's clock is "now" (another server's clock). */
const NOW_TOLERANCE_MS = 1000;

@Injectable()
export class ClosureReportService {
  constructor(
    private readonly figures: FiguresQuery,
    private readonly stages: ClosureStagesQuery,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
  ) {}

  /** The table as a caller may read it: the rows the policy gives it, narrowed only where the policy allows. */
  async reportFor(request: ReportRequest, caller: Caller): Promise<ClosureReport> {
    if (request.unitId && !(await mayNarrowTableTo(caller, request.unitId, (u, a) => this.units.isWithin(u, a)))) {
      throw forbidden('A unit may ask only for its own figures');
    }
    return this.report(request, tableRowsFor(caller));
  }

  /** 周通报 as a caller may read it. */
  weeklyFor(weekOf: string, request: WeeklyRequest, caller: Caller): Promise<ClosureReport> {
    return this.weekly(weekOf, request, tableRowsFor(caller));
  }

  async report(request: ReportRequest, scope: RowScope): Promise<ClosureReport> {
    const now = this.clock.now();
    const asOf = request.asOf ?? now;
    if (asOf.getTime() > now.getTime() + NOW_TOLERANCE_MS) throw badInput(['asOf'], 'asOf cannot be in the future');
    const periodStart = request.periodStart ?? startOfShanghaiWeek(asOf);
    if (periodStart.getTime() > asOf.getTime()) throw badInput(['periodStart'], 'periodStart must not be after asOf');
    if (request.unitId && (await this.units.byIds([request.unitId])).length === 0)
      throw badInput(['unitId'], 'No unit with that id');
    const figureScope: ReportScope = {
      asOf,
      periodStart,
      sources: request.sources?.length ? request.sources : null,
      childrenUnderParentSource: request.childrenUnderParentSource === true,
      unitId: request.unitId ?? null,
      unitRole: request.unitRole ?? 'LEAD',
      batch: request.batch || null,
    };
    const report = this.assemble(asOf, periodStart, await this.figures.figures(figureScope), scope);
    // The stages are the lead unit's: a table of cooperating units has none.
    const current = asOf.getTime() >= now.getTime() - NOW_TOLERANCE_MS;
    const lead = figureScope.unitRole === 'LEAD';
    let read: Promise<StageFiguresRow[]> | null = null;
    const stageFigures = () => (read ??= lead ? this.stages.byUnit(figureScope, current) : Promise.resolve([]));
    // Plans are kept as they are now: how far behind they were at an earlier moment is the log's to tell.
    let behind: Promise<BehindScheduleRow[] | null> | null = null;
    const behindScheduleCounts = () =>
      (behind ??= lead && current ? this.stages.behindSchedule(figureScope) : Promise.resolve(null));
    // Parts are the cooperating units' own: a COOPERATING table's rows, for the current moment.
    let parts: Promise<PartFiguresRow[] | null> | null = null;
    const partFigures = () =>
      (parts ??= !lead && current ? this.stages.partsByUnit(figureScope) : Promise.resolve(null));
    for (const row of [...report.rows, report.total])
      Object.assign(row, { stageFigures, behindScheduleCounts, partFigures });
    return report;
  }

  /** 周通报: Monday 00:00 to Sunday 24:00 Asia/Shanghai of the week containing `weekOf`, as of its end (or now). */
  weekly(weekOf: string, request: WeeklyRequest, scope: RowScope): Promise<ClosureReport> {
    const periodStart = startOfShanghaiWeek(startOfShanghaiDay(weekOf));
    const now = this.clock.now();
    if (periodStart.getTime() > now.getTime()) throw badInput(['weekOf'], 'That week has not begun');
    const end = new Date(addDays(periodStart, 7).getTime() - 1);
    return this.report({ ...request, asOf: end.getTime() < now.getTime() ? end : now, periodStart }, scope);
  }

  private assemble(
    asOf: Date,
    periodStart: Date,
    counts: Awaited<ReturnType<FiguresQuery['figures']>>,
    scope: RowScope,
  ): ClosureReport {
    const sum = { ...ZERO };
    for (const c of counts) for (const k of COUNT_KEYS) sum[k] += c[k];
    const rows = rank(counts.filter((c) => c.unitId !== null).map((c) => withRates(c, c.unit)));
    const visible = scope.onlyUnitId === null ? rows : rows.filter((r) => r.unit?.id === scope.onlyUnitId);
    return { asOf, periodStart, rows: visible, total: withRates(sum, null), rankedUnits: rows.length };
  }
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

export function withRates(c: Counts, unit: UnitRecord | null): ClosureRow {
  return {
    total: c.total,
    closed: c.closed,
    completedOnTime: c.completedOnTime,
    overdue: c.overdue,
    dueSoon: c.dueSoon,
    rebounds: c.rebounds,
    filedInPeriod: c.filedInPeriod,
    closedInPeriod: c.closedInPeriod,
    complaints: c.complaints,
    replyDue: c.replyDue,
    repliedOnTime: c.repliedOnTime,
    rated: c.rated,
    satisfied: c.satisfied,
    unit,
    closureRate: ratio(c.closed, c.total),
    onTimeRate: ratio(c.completedOnTime, c.closed),
    open: c.total - c.closed,
    replyOnTimeRate: ratio(c.repliedOnTime, c.replyDue),
    satisfactionRate: ratio(c.satisfied, c.rated),
    rank: null,
    lagging: false,
  };
}

/** Competition ranking (1, 2, 2, 4) by closure rate, then on-time rate; ties share a rank. */
export function rank(rows: ClosureRow[]): ClosureRow[] {
  const sorted = [...rows].sort(
    (a, b) =>
      b.closureRate - a.closureRate ||
      b.onTimeRate - a.onTimeRate ||
      (a.unit?.code ?? '').localeCompare(b.unit?.code ?? ''),
  );
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = prev && prev.closureRate === r.closureRate && prev.onTimeRate === r.onTimeRate ? prev.rank : i + 1;
  });
  if (sorted.length > LAGGING_UNITS) {
    const cutoff = sorted[sorted.length - LAGGING_UNITS].rank!;
    for (const r of sorted) r.lagging = r.rank! >= cutoff;
  }
  return sorted;
}
