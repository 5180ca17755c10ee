// Use cases of the plan's indicators: the office creates and changes them (every change audited); units read theirs.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ownUnitOnly } from '../auth/policy.js';
import { badInput, forbidden, notFound } from '../common/domain-error.js';
import { UnitsService } from '../units/units.service.js';
import type {
  EcoContributorInput,
  EcoIndicatorInput,
  EcoIndicatorPatch,
  EcoYearTargetInput,
} from './dto/eco-indicator.input.js';
import { isTrajectory } from './eco-status.js';
import type { EcoActor, EcoIndicatorFields, EcoIndicatorRecord, EcoYearTargetRecord } from './eco.records.js';
import { EcoAuditQuery } from './repository/eco-audit.query.js';
import { EcoIndicatorsQuery, type IndicatorFilter, type IndicatorUnitRow } from './repository/eco-indicators.query.js';

/** Everything the office sets on an indicator, resolved to rows. */
interface IndicatorDraft {
  fields: EcoIndicatorFields;
  targets: EcoYearTargetRecord[];
  units: IndicatorUnitRow[];
}

const FIELD_KEYS: (keyof EcoIndicatorFields)[] = [
  'code',
  'seq',
  'name',
  'category',
  'attribute',
  'measureUnit',
  'direction',
  'frequency',
  'baselineYear',
  'baselineValue',
  'baselineLabel',
  'finalTargetYear',
  'finalTargetValue',
  'finalTargetNote',
  'atRiskMargin',
  'note',
];

/** A unit sees the indicators it leads or contributes to; the office and leaders see all. */
export function involves(indicator: EcoIndicatorRecord, unitId: string | null): boolean {
  return unitId !== null && indicator.units.some((u) => u.unit.id === unitId);
}

/** The filter a caller may use: a unit's is always narrowed to itself. */
export function scopedUnitId(requested: string | null | undefined, caller: EcoActor): string | null {
  const scope = ownUnitOnly(caller, requested);
  if (scope === 'refused') throw forbidden('A unit sees only its own indicators');
  return scope.unitId;
}

@Injectable()
export class EcoIndicatorsService {
  constructor(
    private readonly db: DataSource,
    private readonly indicators: EcoIndicatorsQuery,
    private readonly audit: EcoAuditQuery,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  list(filter: IndicatorFilter, caller: EcoActor): Promise<EcoIndicatorRecord[]> {
    return this.indicators.list({ ...filter, unitId: scopedUnitId(filter.unitId, caller) });
  }

  async get(id: string, caller: EcoActor): Promise<EcoIndicatorRecord | null> {
    const indicator = await this.indicators.byId(id);
    // Not the unit's: answered as if it did not exist.
    return indicator && (caller.role !== 'UNIT' || involves(indicator, caller.unitId)) ? indicator : null;
  }

  async create(input: EcoIndicatorInput, by: EcoActor): Promise<EcoIndicatorRecord> {
    const draft: IndicatorDraft = {
      fields: {
        code: input.code,
        seq: input.seq,
        name: input.name,
        category: input.category,
        attribute: input.attribute,
        measureUnit: input.measureUnit,
        direction: input.direction,
        frequency: input.frequency ?? 'YEAR',
        baselineYear: input.baselineYear,
        baselineValue: input.baselineValue ?? null,
        baselineLabel: input.baselineLabel ?? null,
        finalTargetYear: input.finalTargetYear,
        finalTargetValue: input.finalTargetValue ?? null,
        finalTargetNote: input.finalTargetNote ?? null,
        atRiskMargin: input.atRiskMargin ?? 0,
        note: input.note ?? null,
      },
      targets: targetsOf(input.yearlyTargets ?? []),
      units: unitsOf(input.leadUnitId, input.contributors ?? []),
    };
    await this.check(draft);
    const at = this.clock.now();
    const id = await this.db.transaction(async (m) => {
      if (await this.indicators.codeTaken(m, draft.fields.code, null))
        throw badInput(['code'], 'An indicator with that code already exists');
      const newId = await this.indicators.insert(m, draft.fields, at);
      await this.indicators.replaceTargets(m, newId, draft.targets);
      await this.indicators.replaceUnits(m, newId, draft.units);
      await this.audit.append(m, by, at, { action: 'INDICATOR_CREATED', indicatorId: newId, payload: { ...draft } });
      return newId;
    });
    return (await this.indicators.byId(id))!;
  }

  async update(id: string, patch: EcoIndicatorPatch, by: EcoActor): Promise<EcoIndicatorRecord> {
    const at = this.clock.now();
    await this.db.transaction(async (m) => {
      if (!(await this.indicators.lock(m, id))) throw notFound('Indicator');
      const before = (await this.indicators.byId(id, m))!;
      const draft = applyPatch(before, patch);
      await this.check(draft);
      if (draft.fields.code !== before.code && (await this.indicators.codeTaken(m, draft.fields.code, id))) {
        throw badInput(['code'], 'An indicator with that code already exists');
      }
      // Reports are keyed by the indicator's periods: changing their kind would strand them.
      if (draft.fields.frequency !== before.frequency && (await this.indicators.hasReports(m, id))) {
        throw badInput(['frequency'], 'The indicator has reports: its frequency cannot change');
      }
      await this.indicators.update(m, id, draft.fields, at);
      if (patch.yearlyTargets !== undefined) await this.indicators.replaceTargets(m, id, draft.targets);
      if (patch.leadUnitId !== undefined || patch.contributors !== undefined)
        await this.indicators.replaceUnits(m, id, draft.units);
      await this.audit.append(m, by, at, {
        action: 'INDICATOR_UPDATED',
        indicatorId: id,
        payload: changes(before, draft),
      });
    });
    return (await this.indicators.byId(id))!;
  }

  async remove(id: string, by: EcoActor): Promise<boolean> {
    const at = this.clock.now();
    return this.db.transaction(async (m: EntityManager) => {
      if (!(await this.indicators.lock(m, id))) throw notFound('Indicator');
      // Reported values are history: an indicator that has them stays.
      if (await this.indicators.hasReports(m, id))
        throw badInput(['id'], 'The indicator has reports and cannot be deleted');
      const before = (await this.indicators.byId(id, m))!;
      await this.indicators.remove(m, id);
      await this.audit.append(m, by, at, {
        action: 'INDICATOR_DELETED',
        indicatorId: id,
        payload: { code: before.code, name: before.name },
      });
      return true;
    });
  }

  private async check(d: IndicatorDraft): Promise<void> {
    const f = d.fields;
    if (f.finalTargetYear <= f.baselineYear)
      throw badInput(['finalTargetYear'], 'The final target year must come after the baseline year');
    if (isTrajectory(f.direction) && f.baselineValue === null) {
      throw badInput(
        ['baselineValue'],
        `${f.direction} is judged against the path from the baseline: a baseline value is needed`,
      );
    }
    const years = d.targets.map((t) => t.year);
    if (new Set(years).size !== years.length) throw badInput(['yearlyTargets'], 'One target per year');
    if (years.some((y) => y <= f.baselineYear))
      throw badInput(['yearlyTargets'], 'Yearly targets come after the baseline year');
    const ids = d.units.map((u) => u.unitId);
    if (new Set(ids).size !== ids.length)
      throw badInput(['contributors'], 'Contributors must differ from the lead unit and from each other');
    const unknown = await this.units.unknownIds(ids);
    if (unknown.includes(d.units[0].unitId)) throw badInput(['leadUnitId'], 'No unit with that leadUnitId');
    if (unknown.length > 0) throw badInput(['contributors'], 'No unit with that id');
  }
}

function targetsOf(list: readonly EcoYearTargetInput[]): EcoYearTargetRecord[] {
  return [...list]
    .sort((a, b) => a.year - b.year)
    .map((t) => ({ year: t.year, value: t.value ?? null, note: t.note ?? null }));
}

/** The lead first, then the contributors. */
function unitsOf(leadUnitId: string, contributors: readonly EcoContributorInput[]): IndicatorUnitRow[] {
  return [
    { unitId: leadUnitId, role: 'LEAD', targetShare: null, note: null },
    ...contributors.map((c) => ({
      unitId: c.unitId,
      role: 'CONTRIBUTOR' as const,
      targetShare: c.targetShare ?? null,
      note: c.note ?? null,
    })),
  ];
}

function applyPatch(before: EcoIndicatorRecord, patch: EcoIndicatorPatch): IndicatorDraft {
  const fields = Object.fromEntries(FIELD_KEYS.map((k) => [k, before[k]])) as unknown as EcoIndicatorFields;
  const set = fields as unknown as Record<string, unknown>;
  for (const k of FIELD_KEYS) {
    const v = (patch as Record<string, unknown>)[k];
    if (v !== undefined) set[k] = v;
  }
  const lead = before.units.find((u) => u.role === 'LEAD')!;
  const contributors =
    patch.contributors ??
    before.units
      .filter((u) => u.role === 'CONTRIBUTOR')
      .map((u) => ({ unitId: u.unit.id, targetShare: u.targetShare, note: u.note }));
  return {
    fields,
    targets: patch.yearlyTargets !== undefined ? targetsOf(patch.yearlyTargets) : before.yearlyTargets,
    units: unitsOf(patch.leadUnitId ?? lead.unit.id, contributors),
  };
}

/** What an update changed, field by field, for the audit. */
function changes(before: EcoIndicatorRecord, after: IndicatorDraft): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of FIELD_KEYS) if (before[k] !== after.fields[k]) out[k] = { from: before[k], to: after.fields[k] };
  const targetsBefore = JSON.stringify(before.yearlyTargets);
  if (targetsBefore !== JSON.stringify(after.targets))
    out.yearlyTargets = { from: before.yearlyTargets, to: after.targets };
  const unitsBefore = before.units.map((u) => ({
    unitId: u.unit.id,
    role: u.role,
    targetShare: u.targetShare,
    note: u.note,
  }));
  if (JSON.stringify(unitsBefore) !== JSON.stringify(after.units)) out.units = { from: unitsBefore, to: after.units };
  return out;
}
