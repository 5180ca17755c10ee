// The city's ranking of districts on 一单一表 (issue #28): each district scored as a whole — its closure table's total
// (the list), its indicators' lead side (the eco-report, judged as the district's own table judges it) and its
// accountability records — by the same function as unitScores (scoreFigures), under the city's weights, and ranked
// with the previous period of the same kind beside it. Every figure is read city-wide in one statement per kind,
// grouped by district (DistrictFiguresQuery): no district is read on its own.
import { Injectable } from '@nestjs/common';
import { NO_ACCOUNTABILITY, type AccountabilityCounts } from '../accountability/accountability.record.js';
import type { Caller } from '../auth/caller.js';
import { can } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, forbidden } from '../common/domain-error.js';
import type { DistrictRecord } from '../districts/district.record.js';
import { DistrictsRepository } from '../districts/districts.repository.js';
import { parsePeriod, periodEnd, periodStart, type Period } from '../eco/eco-period.js';
import {
  rankByScore,
  scoreFigures,
  type IndicatorOutcome,
  type ScoredFigures,
  type ScoredList,
  type ScoreWeights,
} from '../eco/eco-score.js';
import { EcoTableService } from '../eco/eco-table.service.js';
import { cityWide } from '../tenancy/district-scope.js';
import { CityWeightsRepository } from './city-weights.repository.js';
import { DistrictFiguresQuery } from './district-figures.query.js';

export interface DistrictScoreView extends ScoredFigures {
  district: DistrictRecord;
  period: string;
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  rankedDistricts: number;
}

export interface DistrictRanking {
  period: string;
  weights: ScoreWeights;
  rows: DistrictScoreView[];
}

/** The period before, of the same kind: 2026-Q1 → 2025-Q4, 2026 → 2025, 2026-01 → 2025-12. */
export function previousPeriod(p: Period): Period {
  const key =
    p.kind === 'YEAR'
      ? String(p.year - 1)
      : p.kind === 'QUARTER'
        ? p.index === 1
          ? `${p.year - 1}-Q4`
          : `${p.year}-Q${p.index - 1}`
        : p.index === 1
          ? `${p.year - 1}-12`
          : `${p.year}-${String(p.index - 1).padStart(2, '0')}`;
  // Before 2000 there is nothing to rank: the period itself stands in, read at its own start's eve (nothing ranked).
  return parsePeriod(key) ?? p;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

@Injectable()
export class DistrictScoresService {
  constructor(
    private readonly figures: DistrictFiguresQuery,
    private readonly table: EcoTableService,
    private readonly weights: CityWeightsRepository,
    private readonly districts: DistrictsRepository,
    private readonly clock: Clock,
  ) {}

  /** The rows a caller reads: the city's roles every district's, a district's office and leaders its own. */
  async scores(periodKey: string, caller: Caller): Promise<DistrictScoreView[]> {
    return (await this.ranking(periodKey, caller)).rows;
  }

  async ranking(periodKey: string, caller: Caller): Promise<DistrictRanking> {
    if (!can(caller, 'readDistrictScores'))
      throw forbidden('A unit reads its own score (unitScores), not the districts’ ranking');
    const period = parsePeriod(periodKey);
    if (!period) throw badInput(['period']);
    const now = this.clock.now();
    if (periodStart(period).getTime() > now.getTime()) throw badInput(['period'], 'That period has not begun');
    const previous = previousPeriod(period);
    // The ranking needs every district's figures, whoever asks; the caller's row is picked after ranking.
    const { rows, weights } = await cityWide(async () => {
      const [districts, weights, indicators] = await Promise.all([
        this.districts.list(),
        this.weights.get(),
        this.figures.indicatorDistricts(),
      ]);
      const context = { districts, weights, indicators: new Map(indicators.map((i) => [i.indicatorId, i])) };
      const [current, before] = await Promise.all([
        this.rank(period, now, context),
        previous === period ? Promise.resolve(null) : this.rank(previous, now, context),
      ]);
      const previousRanks = new Map((before ?? []).map((r) => [r.district.id, r.rank]));
      for (const r of current) {
        r.previousRank = previousRanks.get(r.district.id) ?? null;
        r.rankChange = r.rank !== null && r.previousRank !== null ? r.previousRank - r.rank : null;
      }
      return { rows: current, weights };
    });
    const visible = caller.districtId === null ? rows : rows.filter((r) => r.district.id === caller.districtId);
    return { period: period.key, weights, rows: visible };
  }

  private async rank(
    period: Period,
    now: Date,
    ctx: {
      districts: DistrictRecord[];
      weights: ScoreWeights;
      indicators: Map<string, { districtId: string; dueDays: number }>;
    },
  ): Promise<DistrictScoreView[]> {
    // The list as it stood at the period's end (the bookings' sums then), or now while the period runs.
    const end = periodEnd(period);
    const asOf = end.getTime() < now.getTime() ? new Date(end.getTime() - 1) : now;
    const dueDays = new Map([...ctx.indicators].map(([id, i]) => [id, i.dueDays]));
    const [list, sides, records] = await Promise.all([
      this.figures.listFigures(asOf),
      this.table.leadSides(period, dueDays),
      this.figures.accountability(period.firstDay, period.lastDay),
    ]);
    const lists = new Map<string, ScoredList>(
      list.map((l) => [
        l.districtId,
        { ...l, closureRate: ratio(l.closed, l.total), onTimeRate: ratio(l.completedOnTime, l.closed) },
      ]),
    );
    const outcomes = new Map<string, IndicatorOutcome[]>();
    for (const s of sides) {
      const districtId = ctx.indicators.get(s.indicator.id)?.districtId;
      if (!districtId) continue;
      outcomes.set(districtId, [
        ...(outcomes.get(districtId) ?? []),
        { attribute: s.indicator.attribute, status: s.cells[0].status },
      ]);
    }
    const counts = new Map<string, AccountabilityCounts>(records.map((r) => [r.districtId, r.counts]));
    const rows: DistrictScoreView[] = ctx.districts.map((district) => ({
      district,
      period: period.key,
      rank: null,
      previousRank: null,
      rankChange: null,
      rankedDistricts: 0,
      ...scoreFigures(
        lists.get(district.id) ?? null,
        outcomes.get(district.id) ?? [],
        ctx.weights,
        counts.get(district.id) ?? NO_ACCOUNTABILITY,
      ),
    }));
    const ranked = rankByScore(rows, (a, b) => (a.district.code ?? '').localeCompare(b.district.code ?? ''));
    const rankedDistricts = ranked.filter((r) => r.rank !== null).length;
    for (const r of ranked) r.rankedDistricts = rankedDistricts;
    return ranked;
  }
}
