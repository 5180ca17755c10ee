import { Inject, Injectable } from '@nestjs/common';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { Clock } from '../common/clock.js';
import { badInput } from '../common/domain-error.js';
import { addDays, startOfShanghaiWeek } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { UnitRecord } from '../units/unit.record.js';
import { UnitsRepository } from '../units/units.repository.js';
import { ClosureReportQuery, type CountsRow } from './closure-report.query.js';

export interface ClosureRow extends Omit<CountsRow, 'unitId'> {
  unit: UnitRecord | null;
  closureRate: number;
  onTimeRate: number;
  open: number;
  rank: number | null;
}

export interface ClosureReport {
  asOf: Date;
  periodStart: Date;
  rows: ClosureRow[];
  total: ClosureRow;
}

export interface ReportRequest {
  asOf?: Date | null;
  periodStart?: Date | null;
  sources?: IssueSource[] | null;
  unitId?: string | null;
}

const ZERO: Omit<CountsRow, 'unitId'> = {
  total: 0, closed: 0, completedOnTime: 0, overdue: 0, dueSoon: 0, rebounds: 0, filedInPeriod: 0, closedInPeriod: 0,
};

@Injectable()
export class ClosureReportService {
  constructor(
    private readonly query: ClosureReportQuery,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(request: ReportRequest, caller: Caller): Promise<ClosureReport> {
    const now = this.clock.now();
    const asOf = request.asOf ?? now;
    if (asOf.getTime() < now.getTime() - 1000) {
      throw badInput(['asOf'], 'Figures as of a past moment are not available yet; omit asOf for the current figures');
    }
    if (asOf.getTime() > now.getTime()) throw badInput(['asOf'], 'asOf cannot be in the future');
    const periodStart = request.periodStart ?? startOfShanghaiWeek(asOf);
    if (periodStart.getTime() > asOf.getTime()) throw badInput(['periodStart'], 'periodStart must not be after asOf');
    if (request.unitId && (await this.units.byIds([request.unitId])).length === 0) throw badInput(['unitId'], 'No unit with that id');

    const counts = await this.query.current({
      asOf,
      periodStart,
      dueSoonUntil: addDays(asOf, this.config.dueSoonDays),
      sources: request.sources?.length ? request.sources : null,
      unitId: request.unitId ?? null,
    });
    return this.assemble(asOf, periodStart, counts, caller);
  }

  private async assemble(asOf: Date, periodStart: Date, counts: CountsRow[], caller: Caller): Promise<ClosureReport> {
    const led = counts.filter((c): c is CountsRow & { unitId: string } => c.unitId !== null);
    const units = new Map((await this.units.byIds(led.map((c) => c.unitId))).map((u) => [u.id, u]));
    const sum = counts.reduce<Omit<CountsRow, 'unitId'>>(
      (acc, c) => Object.fromEntries(Object.keys(ZERO).map((k) => [k, acc[k as keyof typeof ZERO] + c[k as keyof typeof ZERO]])) as typeof ZERO,
      { ...ZERO },
    );
    const rows = rank(led.map((c) => withRates(c, units.get(c.unitId) ?? null)));
    // A unit reads its own row and the district's total, not its peers'.
    const visible = caller.role === 'UNIT' ? rows.filter((r) => r.unit?.id === caller.unitId) : rows;
    return { asOf, periodStart, rows: visible, total: withRates(sum, null) };
  }
}

function withRates(c: Omit<CountsRow, 'unitId'>, unit: UnitRecord | null): ClosureRow {
  const { total, closed, completedOnTime, overdue, dueSoon, rebounds, filedInPeriod, closedInPeriod } = c;
  return {
    unit, total, closed, completedOnTime, overdue, dueSoon, rebounds, filedInPeriod, closedInPeriod,
    closureRate: total === 0 ? 0 : closed / total,
    onTimeRate: closed === 0 ? 0 : completedOnTime / closed,
    open: total - closed,
    rank: null,
  };
}

/** Competition ranking (1, 2, 2, 4) by closure rate, then on-time rate; ties share a rank. */
function rank(rows: ClosureRow[]): ClosureRow[] {
  const sorted = [...rows].sort(
    (a, b) => b.closureRate - a.closureRate || b.onTimeRate - a.onTimeRate || (a.unit?.code ?? '').localeCompare(b.unit?.code ?? ''),
  );
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = prev && prev.closureRate === r.closureRate && prev.onTimeRate === r.onTimeRate ? prev.rank : i + 1;
  });
  return sorted;
}
