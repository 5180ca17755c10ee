// The table (生态报表): indicators × periods with values, targets and status, from the lead's side (the district's
// figure) or from one unit's side (its own share where the target is split).
import { Injectable } from '@nestjs/common';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { badInput } from '../common/domain-error.js';
import { startOfShanghaiDay } from '../common/shanghai-time.js';
import type { UnitRecord } from '../units/unit.record.js';
import { scopedUnitId } from './eco-indicators.service.js';
import { parsePeriod, reportingPeriod, type Period } from './eco-period.js';
import { cellStatus, judge, judgeShare, referencesFor, type TargetSetting } from './eco-status.js';
import type { EcoActor, EcoIndicatorRecord, EcoIndicatorUnitRecord, EcoReportRecord } from './eco.records.js';
import type { EcoAttribute, EcoCategory, EcoStatus, EcoUnitRole } from './eco.types.js';
import { EcoIndicatorsQuery } from './repository/eco-indicators.query.js';
import { EcoReportsQuery } from './repository/eco-reports.query.js';
import { EcoSettingsQuery } from './repository/eco-settings.query.js';

export interface EcoCell {
  period: string;
  reportPeriod: string;
  value: number | null;
  yearTarget: number | null;
  path: number | null;
  status: EcoStatus;
  dueAt: Date;
  confirmedReportId: string | null;
  submittedReportId: string | null;
  submittedValue: number | null;
}

export interface EcoRow {
  indicator: EcoIndicatorRecord;
  unit: UnitRecord;
  role: EcoUnitRole;
  targetShare: number | null;
  cells: EcoCell[];
}

export interface EcoTable {
  periods: string[];
  asOf: Date;
  rows: EcoRow[];
}

export interface TableRequest {
  periods: string[];
  category?: EcoCategory | null;
  attribute?: EcoAttribute | null;
  unitId?: string | null;
}

interface Side {
  indicator: EcoIndicatorRecord;
  side: EcoIndicatorUnitRecord;
}

interface InForce {
  confirmed: EcoReportRecord | null;
  submitted: EcoReportRecord | null;
}

const NONE: InForce = { confirmed: null, submitted: null };

export const leadOf = (i: EcoIndicatorRecord): EcoIndicatorUnitRecord => i.units.find((u) => u.role === 'LEAD')!;

/** A contributor with a share answers for its own part; everyone else shows the district's figure (the lead's). */
export const answersForOwnShare = (side: Pick<EcoIndicatorUnitRecord, 'role' | 'targetShare'>): boolean =>
  side.role === 'CONTRIBUTOR' && side.targetShare !== null;

/** The target setting of an indicator for a period's year: undefined when that year has no target of its own. */
export function settingFor(i: EcoIndicatorRecord, year: number): TargetSetting {
  const own = i.yearlyTargets.find((t) => t.year === year);
  return {
    direction: i.direction,
    baselineYear: i.baselineYear,
    baselineValue: i.baselineValue,
    finalTargetYear: i.finalTargetYear,
    finalTargetValue: i.finalTargetValue,
    yearTarget: own ? own.value : undefined,
    atRiskMargin: i.atRiskMargin,
  };
}

@Injectable()
export class EcoTableService {
  constructor(
    private readonly indicators: EcoIndicatorsQuery,
    private readonly reports: EcoReportsQuery,
    private readonly settings: EcoSettingsQuery,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** Without a unit: one row per indicator, the lead's side. With one (always, for a unit): that unit's sides. */
  async table(request: TableRequest, caller: EcoActor): Promise<EcoTable> {
    const unitId = scopedUnitId(request.unitId, caller);
    const periods = parsePeriods(request.periods);
    const indicators = await this.indicators.list({ category: request.category, attribute: request.attribute, unitId });
    const sides: Side[] = indicators.flatMap((indicator) =>
      unitId
        ? indicator.units.filter((u) => u.unit.id === unitId).map((side) => ({ indicator, side }))
        : [{ indicator, side: leadOf(indicator) }],
    );
    const now = this.clock.now();
    return { periods: periods.map((p) => p.key), asOf: now, rows: await this.rows(sides, periods, now) };
  }

  /** Every unit's side of every indicator in one period: what the score reads. */
  async allSides(period: Period): Promise<EcoRow[]> {
    const indicators = await this.indicators.list({});
    const sides = indicators.flatMap((indicator) => indicator.units.map((side) => ({ indicator, side })));
    return this.rows(sides, [period], this.clock.now());
  }

  /**
   * Every indicator's lead side (the district's figure) in one period, whatever district it is of (the caller reads
   * city-wide), each due as its own district's settings say (`dueDays`: indicator id → working days): what the city's
   * ranking of districts reads.
   */
  async leadSides(period: Period, dueDays: ReadonlyMap<string, number>): Promise<EcoRow[]> {
    const indicators = await this.indicators.list({});
    const sides = indicators.map((indicator) => ({ indicator, side: leadOf(indicator) }));
    return this.rows(sides, [period], this.clock.now(), dueDays);
  }

  private async rows(
    sides: Side[],
    periods: Period[],
    now: Date,
    dueDays?: ReadonlyMap<string, number>,
  ): Promise<EcoRow[]> {
    if (sides.length === 0) return [];
    const ownDays = dueDays ? 0 : (await this.settings.get()).reportDueWorkingDays;
    const daysOf = (indicatorId: string) => dueDays?.get(indicatorId) ?? ownDays;
    const indicatorIds = [...new Set(sides.map((s) => s.indicator.id))];
    const reportPeriods = new Map<string, Period>();
    for (const { indicator } of sides)
      for (const p of periods) {
        const rp = reportingPeriod(indicator.frequency, p);
        reportPeriods.set(rp.key, rp);
      }
    const reports = await this.reports.list({
      indicatorIds,
      periodKeys: [...reportPeriods.keys()],
      states: ['CONFIRMED', 'SUBMITTED'],
    });
    const inForce = new Map<string, InForce>();
    for (const r of reports) {
      const key = `${r.indicatorId}|${r.unitId}|${r.periodKey}`;
      const entry = inForce.get(key) ?? { confirmed: null, submitted: null };
      if (r.state === 'CONFIRMED') entry.confirmed = r;
      else entry.submitted = r;
      inForce.set(key, entry);
    }
    const dueAt = new Map<string, Date>();
    for (const { indicator } of sides)
      for (const p of periods) {
        const rp = reportingPeriod(indicator.frequency, p);
        const days = daysOf(indicator.id);
        const key = `${rp.key}|${days}`;
        // Due at the end of the n-th working day after the period's last day.
        if (!dueAt.has(key)) dueAt.set(key, await this.calendar.addWorkingDays(startOfShanghaiDay(rp.lastDay), days));
      }
    return sides.map(({ indicator, side }) => ({
      indicator,
      unit: side.unit,
      role: side.role,
      targetShare: side.targetShare,
      cells: periods.map((asked) => {
        const rp = reportingPeriod(indicator.frequency, asked);
        const reporter = answersForOwnShare(side) ? side.unit.id : leadOf(indicator).unit.id;
        const facts = inForce.get(`${indicator.id}|${reporter}|${rp.key}`) ?? NONE;
        return cell(indicator, side, asked, rp, facts, dueAt.get(`${rp.key}|${daysOf(indicator.id)}`)!, now);
      }),
    }));
  }
}

function cell(
  i: EcoIndicatorRecord,
  side: EcoIndicatorUnitRecord,
  asked: Period,
  rp: Period,
  f: InForce,
  dueAt: Date,
  now: Date,
): EcoCell {
  const value = f.confirmed?.value ?? null;
  const base = {
    period: asked.key,
    reportPeriod: rp.key,
    value,
    dueAt,
    confirmedReportId: f.confirmed?.id ?? null,
    submittedReportId: f.submitted?.id ?? null,
    submittedValue: f.submitted?.value ?? null,
  };
  if (answersForOwnShare(side)) {
    const share = side.targetShare!;
    const judged = value === null ? null : judgeShare(i.direction, share, i.atRiskMargin, value);
    return {
      ...base,
      yearTarget: share,
      path: null,
      status: cellStatus({ judged, submitted: f.submitted !== null, targetPending: false, dueAt, now }),
    };
  }
  const setting = settingFor(i, rp.year);
  const refs = referencesFor(setting, rp);
  const judged = value === null ? null : judge(setting, rp, value).status;
  return {
    ...base,
    yearTarget: refs.yearTarget,
    path: refs.path,
    status: cellStatus({ judged, submitted: f.submitted !== null, targetPending: refs.pending, dueAt, now }),
  };
}

function parsePeriods(keys: readonly string[]): Period[] {
  const seen = new Set<string>();
  const out: Period[] = [];
  for (const key of keys) {
    const p = parsePeriod(key);
    if (!p) throw badInput(['periods']);
    if (!seen.has(p.key)) out.push(p);
    seen.add(p.key);
  }
  return out;
}
