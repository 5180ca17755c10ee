// SQL of indicators, their yearly targets and their units (lead, contributors and their shares).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UnitKind } from '../../units/unit.record.js';
import type { EcoIndicatorFields, EcoIndicatorRecord, EcoYearTargetRecord } from '../eco.records.js';
import type { EcoAttribute, EcoCategory, EcoUnitRole } from '../eco.types.js';

const COLUMNS = `i.id, i.code, i.seq, i.name, i.category, i.attribute, i.measure_unit AS "measureUnit", i.direction, i.frequency,
  i.baseline_year AS "baselineYear", i.baseline_value::float8 AS "baselineValue", i.baseline_label AS "baselineLabel",
  i.final_target_year AS "finalTargetYear", i.final_target_value::float8 AS "finalTargetValue",
  i.final_target_note AS "finalTargetNote", i.at_risk_margin::float8 AS "atRiskMargin", i.note,
  i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

type IndicatorRow = Omit<EcoIndicatorRecord, 'yearlyTargets' | 'units'>;

interface TargetRow extends EcoYearTargetRecord {
  indicatorId: string;
}

interface UnitRow {
  indicatorId: string;
  role: EcoUnitRole;
  targetShare: number | null;
  note: string | null;
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export interface IndicatorFilter {
  ids?: readonly string[] | null;
  category?: EcoCategory | null;
  attribute?: EcoAttribute | null;
  /** Indicators this unit leads or contributes to. */
  unitId?: string | null;
}

export interface IndicatorUnitRow {
  unitId: string;
  role: EcoUnitRole;
  targetShare: number | null;
  note: string | null;
}

/** The columns in the order INSERT and UPDATE bind them ($2 … $17). */
function params(f: EcoIndicatorFields): unknown[] {
  return [
    f.code,
    f.seq,
    f.name,
    f.category,
    f.attribute,
    f.measureUnit,
    f.direction,
    f.frequency,
    f.baselineYear,
    f.baselineValue,
    f.baselineLabel,
    f.finalTargetYear,
    f.finalTargetValue,
    f.finalTargetNote,
    f.atRiskMargin,
    f.note,
  ];
}

@Injectable()
export class EcoIndicatorsQuery {
  constructor(private readonly db: DataSource) {}

  async list(filter: IndicatorFilter, manager: EntityManager = this.db.manager): Promise<EcoIndicatorRecord[]> {
    const rows: IndicatorRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM eco_indicators i
        WHERE ($1::uuid[] IS NULL OR i.id = ANY($1::uuid[]))
          AND ($2::text IS NULL OR i.category = $2)
          AND ($3::text IS NULL OR i.attribute = $3)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM eco_indicator_units x WHERE x.indicator_id = i.id AND x.unit_id = $4))
        ORDER BY i.seq, i.code`,
      [filter.ids ?? null, filter.category ?? null, filter.attribute ?? null, filter.unitId ?? null],
    );
    return this.attach(rows, manager);
  }

  async byId(id: string, manager: EntityManager = this.db.manager): Promise<EcoIndicatorRecord | null> {
    return (await this.list({ ids: [id] }, manager))[0] ?? null;
  }

  /** Locks the indicator for the rest of the transaction; false when it does not exist. */
  async lock(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM eco_indicators WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  async codeTaken(manager: EntityManager, code: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM eco_indicators WHERE code = $1 AND ($2::uuid IS NULL OR id <> $2)`,
      [code, exceptId],
    );
    return rows.length > 0;
  }

  async insert(manager: EntityManager, fields: EcoIndicatorFields, at: Date): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO eco_indicators (code, seq, name, category, attribute, measure_unit, direction, frequency, baseline_year,
         baseline_value, baseline_label, final_target_year, final_target_value, final_target_note, at_risk_margin, note,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
      [...params(fields), at],
    );
    return rows[0].id;
  }

  async update(manager: EntityManager, id: string, fields: EcoIndicatorFields, at: Date): Promise<void> {
    await manager.query(
      `WITH u AS (
         UPDATE eco_indicators SET code = $2, seq = $3, name = $4, category = $5, attribute = $6, measure_unit = $7,
           direction = $8, frequency = $9, baseline_year = $10, baseline_value = $11, baseline_label = $12,
           final_target_year = $13, final_target_value = $14, final_target_note = $15, at_risk_margin = $16, note = $17,
           updated_at = $18
         WHERE id = $1 RETURNING id
       ) SELECT id FROM u`,
      [id, ...params(fields), at],
    );
  }

  async replaceTargets(manager: EntityManager, id: string, targets: readonly EcoYearTargetRecord[]): Promise<void> {
    await manager.query(
      `WITH d AS (DELETE FROM eco_indicator_targets WHERE indicator_id = $1 RETURNING 1) SELECT count(*) FROM d`,
      [id],
    );
    if (targets.length === 0) return;
    await manager.query(
      `INSERT INTO eco_indicator_targets (indicator_id, year, value, note)
       SELECT $1, * FROM unnest($2::int[], $3::numeric[], $4::text[])`,
      [id, targets.map((t) => t.year), targets.map((t) => t.value), targets.map((t) => t.note)],
    );
  }

  async replaceUnits(manager: EntityManager, id: string, units: readonly IndicatorUnitRow[]): Promise<void> {
    await manager.query(
      `WITH d AS (DELETE FROM eco_indicator_units WHERE indicator_id = $1 RETURNING 1) SELECT count(*) FROM d`,
      [id],
    );
    await manager.query(
      `INSERT INTO eco_indicator_units (indicator_id, unit_id, role, target_share, note)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::text[])`,
      [
        id,
        units.map((u) => u.unitId),
        units.map((u) => u.role),
        units.map((u) => u.targetShare),
        units.map((u) => u.note),
      ],
    );
  }

  async hasReports(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM eco_reports WHERE indicator_id = $1 LIMIT 1`, [id]);
    return rows.length > 0;
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`WITH d AS (DELETE FROM eco_indicators WHERE id = $1 RETURNING 1) SELECT count(*) FROM d`, [
      id,
    ]);
  }

  private async attach(rows: IndicatorRow[], manager: EntityManager): Promise<EcoIndicatorRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [targets, units]: [TargetRow[], UnitRow[]] = await Promise.all([
      manager.query(
        `SELECT indicator_id AS "indicatorId", year, value::float8 AS value, note FROM eco_indicator_targets
          WHERE indicator_id = ANY($1::uuid[]) ORDER BY year`,
        [ids],
      ),
      manager.query(
        `SELECT x.indicator_id AS "indicatorId", x.role, x.target_share::float8 AS "targetShare", x.note,
                u.id, u.code, u.name, u.kind, u.parent_id AS "parentId"
           FROM eco_indicator_units x JOIN units u ON u.id = x.unit_id
          WHERE x.indicator_id = ANY($1::uuid[]) ORDER BY (x.role = 'LEAD') DESC, u.code`,
        [ids],
      ),
    ]);
    return rows.map((r) => ({
      ...r,
      yearlyTargets: targets
        .filter((t) => t.indicatorId === r.id)
        .map(({ year, value, note }) => ({ year, value, note })),
      units: units
        .filter((u) => u.indicatorId === r.id)
        .map((u) => ({
          unit: { id: u.id, code: u.code, name: u.name, kind: u.kind, parentId: u.parentId },
          role: u.role,
          targetShare: u.targetShare,
          note: u.note,
        })),
    }));
  }
}
