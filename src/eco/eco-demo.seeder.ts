// The demo's eco-report: 专栏2's 18 indicators and a few years of values, written through the same use cases the API
// calls (validation, audit), with the demo's manual clock set to when each report would have been made.
import { Inject, Injectable } from '@nestjs/common';
import { Clock, ManualClock } from '../common/clock.js';
import { addDays } from '../common/shanghai-time.js';
import type { UnitRecord } from '../units/unit.record.js';
import {
  DEMO_AWAITING,
  DEMO_CORRECTIONS,
  DEMO_INDICATORS,
  DEMO_PLAN_YEARS,
  DEMO_RETURNED,
  DEMO_VALUES,
  type DemoValue,
} from './eco-demo.data.js';
import { EcoIndicatorsService } from './eco-indicators.service.js';
import { parsePeriod, periodEnd } from './eco-period.js';
import { EcoReportsService } from './eco-reports.service.js';
import type { EcoActor, EcoIndicatorRecord } from './eco.records.js';

const OFFICE: EcoActor = { role: 'OFFICE', unitId: null, label: '区整改办', tokenId: null };
/** The plan was adopted at the start of 2021; its table went in then. */
const ADOPTED = new Date('2021-01-15T02:00:00.000Z');
const TEN_AM = 10 * 3600_000;

export interface EcoDemoSummary {
  indicators: number;
  reports: number;
}

@Injectable()
export class EcoDemoSeeder {
  constructor(
    private readonly indicators: EcoIndicatorsService,
    private readonly reports: EcoReportsService,
    @Inject(Clock) private readonly clock: ManualClock,
  ) {}

  /** `units` by their DEMO_UNITS code. Reports not yet due by `now` are left out; the clock ends at `now`. */
  async run(units: ReadonlyMap<string, UnitRecord>, now: Date): Promise<EcoDemoSummary> {
    const unit = (code: string): UnitRecord => {
      const u = units.get(code);
      if (!u) throw new Error(`eco demo: no unit ${code}`);
      return u;
    };
    const actor = (code: string): EcoActor => ({
      role: 'UNIT',
      unitId: unit(code).id,
      label: `${unit(code).name}整改专班`,
      tokenId: null,
    });

    this.clock.set(ADOPTED.getTime() < now.getTime() ? ADOPTED : now);
    const byCode = new Map<string, EcoIndicatorRecord>();
    for (const d of DEMO_INDICATORS) {
      const created = await this.indicators.create(
        {
          code: d.code,
          seq: d.seq,
          name: d.name,
          category: d.category,
          attribute: d.attribute,
          measureUnit: d.measureUnit,
          direction: d.direction,
          frequency: d.frequency,
          ...DEMO_PLAN_YEARS,
          baselineValue: d.baselineValue,
          baselineLabel: d.baselineLabel ?? null,
          finalTargetValue: d.finalTargetValue,
          finalTargetNote: d.finalTargetNote ?? null,
          atRiskMargin: d.atRiskMargin,
          note: d.note ?? null,
          leadUnitId: unit(d.lead).id,
          contributors: (d.contributors ?? []).map((c) => ({
            unitId: unit(c.code).id,
            targetShare: c.share ?? null,
            note: c.note ?? null,
          })),
        },
        OFFICE,
      );
      byCode.set(d.code, created);
    }

    let count = 0;
    const lead = (v: { indicator: string }) => DEMO_INDICATORS.find((d) => d.code === v.indicator)!.lead;
    const send = async (v: DemoValue, at: Date, reason: string | null = null) => {
      this.clock.set(at);
      count++;
      return this.reports.report(
        {
          indicatorId: byCode.get(v.indicator)!.id,
          period: v.period,
          value: v.value,
          sourceNote: v.source,
          reason: reason ?? undefined,
        },
        actor(v.unit ?? lead(v)),
      );
    };
    const decide = async (id: string, at: Date, returnWith: string | null = null) => {
      this.clock.set(at);
      if (returnWith) await this.reports.return(id, returnWith, OFFICE);
      else await this.reports.confirm(id, '数据核实无误', OFFICE);
    };

    // In the order they would have come in: a week or so after each period, confirmed two days later; corrections
    // two months after the period, with a reason (the value they replace stays on record).
    const at = (period: string, days: number) =>
      new Date(addDays(periodEnd(parsePeriod(period)!), days).getTime() + TEN_AM);
    const steps = [
      ...DEMO_VALUES.map((v, i) => ({ v, at: at(v.period, 5 + (i % 4)), reason: null as string | null })),
      ...DEMO_CORRECTIONS.map((c) => ({
        v: { indicator: c.indicator, period: c.period, value: c.value, source: c.source } as DemoValue,
        at: at(c.period, 60),
        reason: c.reason,
      })),
    ]
      .filter((s) => addDays(s.at, 6).getTime() < now.getTime())
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const { v, at: when, reason } of steps) {
      const same = (x: { indicator: string; period: string }) =>
        x.indicator === v.indicator && x.period === v.period && !v.unit;
      const returned = reason ? undefined : DEMO_RETURNED.find(same);
      let t = when;
      if (returned) {
        const first = await send({ ...v, value: returned.value }, t);
        await decide(first.id, addDays(t, 1), returned.comment);
        t = addDays(t, 2);
      }
      const r = await send(v, t, reason);
      if (reason || !DEMO_AWAITING.some(same)) await decide(r.id, addDays(t, 2));
    }

    this.clock.set(now);
    return { indicators: byCode.size, reports: count };
  }
}
