// 一单一表: each unit's score for a period from the list (ClosureReportService's figures for the period) and the
// table (its sides of the indicators), less what its accountability records decided in the period cost, ranked. The
// formula is in eco-score.ts.
import { Injectable } from '@nestjs/common';
import { NO_ACCOUNTABILITY, type AccountabilityCounts } from '../accountability/accountability.record.js';
import { AccountabilityRepository } from '../accountability/accountability.repository.js';
import { ALL_ROWS, tableRowsFor } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput } from '../common/domain-error.js';
import { ClosureReportService, type ClosureRow } from '../reports/closure-report.service.js';
import type { UnitRecord } from '../units/unit.record.js';
import { parsePeriod, periodEnd, periodStart } from './eco-period.js';
import { rankByScore, scoreFigures, type IndicatorOutcome, type ScoredFigures } from './eco-score.js';
import { EcoTableService, answersForOwnShare } from './eco-table.service.js';
import type { EcoActor } from './eco.records.js';
import { EcoSettingsQuery } from './repository/eco-settings.query.js';

export interface UnitScoreView extends ScoredFigures {
  unit: UnitRecord;
  period: string;
  rank: number | null;
  /** How many units have a rank in the period: a unit reading its own row sees its place among them. */
  rankedUnits: number;
}

@Injectable()
export class EcoScoreService {
  constructor(
    private readonly closure: ClosureReportService,
    private readonly table: EcoTableService,
    private readonly settings: EcoSettingsQuery,
    private readonly accountability: AccountabilityRepository,
    private readonly clock: Clock,
  ) {}

  async scores(periodKey: string, caller: EcoActor): Promise<UnitScoreView[]> {
    const period = parsePeriod(periodKey);
    if (!period) throw badInput(['period']);
    const now = this.clock.now();
    const start = periodStart(period);
    if (start.getTime() > now.getTime()) throw badInput(['period'], 'That period has not begun');
    // The list as it stood at the period's end (answered from the audit log), or now while the period runs.
    const end = periodEnd(period);
    const asOf = end.getTime() < now.getTime() ? new Date(end.getTime() - 1) : now;
    const [list, sides, weights, records] = await Promise.all([
      // Ranking needs every unit's figures, whoever asks; the caller's rows are picked after ranking.
      this.closure.report({ asOf, periodStart: start }, ALL_ROWS),
      this.table.allSides(period),
      this.settings.get(),
      // Records decided in the period, standing now: a revoked one was an error, in any period.
      this.accountability.countsByUnit(period.firstDay, period.lastDay),
    ]);

    const units = new Map<string, UnitRecord>();
    const listRows = new Map<string, ClosureRow>();
    for (const row of list.rows) {
      if (!row.unit) continue;
      units.set(row.unit.id, row.unit);
      listRows.set(row.unit.id, row);
    }
    const outcomes = new Map<string, IndicatorOutcome[]>();
    for (const s of sides) {
      units.set(s.unit.id, s.unit);
      const status = s.cells[0].status;
      // A contributor that shares the district's result is not to blame for the lead's missing report.
      if (s.role === 'CONTRIBUTOR' && !answersForOwnShare(s) && status === 'MISSING') {
        outcomes.set(s.unit.id, [
          ...(outcomes.get(s.unit.id) ?? []),
          { attribute: s.indicator.attribute, status: 'AWAITING_REPORT' },
        ]);
        continue;
      }
      outcomes.set(s.unit.id, [...(outcomes.get(s.unit.id) ?? []), { attribute: s.indicator.attribute, status }]);
    }

    const counts = new Map<string, AccountabilityCounts>();
    for (const r of records) {
      units.set(r.unit.id, r.unit);
      counts.set(r.unit.id, r.counts);
    }

    const rows: UnitScoreView[] = [...units.values()].map((unit) => ({
      unit,
      period: period.key,
      rank: null,
      rankedUnits: 0,
      ...scoreFigures(
        listRows.get(unit.id) ?? null,
        outcomes.get(unit.id) ?? [],
        weights,
        counts.get(unit.id) ?? NO_ACCOUNTABILITY,
      ),
    }));
    const ranked = rankByScore(rows, (a, b) => a.unit.code.localeCompare(b.unit.code));
    const rankedUnits = ranked.filter((r) => r.rank !== null).length;
    for (const r of ranked) r.rankedUnits = rankedUnits;
    // A unit reads its own row (with its place in the ranking), not its peers'.
    const { onlyUnitId } = tableRowsFor(caller);
    return onlyUnitId === null ? ranked : ranked.filter((r) => r.unit.id === onlyUnitId);
  }
}
