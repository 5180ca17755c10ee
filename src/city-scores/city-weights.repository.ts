// SQL of the city's weights: the score settings row (eco_settings, one per district) of the city's own row in
// `districts` (kind CITY), and its changes in the eco-report's audit under the city's district — as a district's
// settings and their changes are kept. A city added copies the default district's settings (rectify_add_district):
// its starting weights. Run city-wide (the caller's scope): every statement names the city's district.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EcoActor } from '../eco/eco.records.js';
import { DEFAULT_WEIGHTS, type ScoreWeights } from '../eco/eco-score.js';
import type { CityWeightsRecord } from './city-weights.record.js';

const COLUMNS = `list_weight::float8 AS "listWeight", table_weight::float8 AS "tableWeight",
  closure_rate_weight::float8 AS "closureRateWeight", on_time_rate_weight::float8 AS "onTimeRateWeight",
  overdue_penalty::float8 AS "overduePenalty", rebound_penalty::float8 AS "reboundPenalty",
  binding_weight::float8 AS "bindingWeight", expected_weight::float8 AS "expectedWeight",
  at_risk_credit::float8 AS "atRiskCredit", interview_penalty::float8 AS "interviewPenalty",
  public_criticism_penalty::float8 AS "publicCriticismPenalty", accountability_penalty::float8 AS "accountabilityPenalty",
  s.updated_by AS "updatedBy", s.updated_at AS "updatedAt"`;

const CITY = `(SELECT id FROM districts WHERE kind = 'CITY')`;

/** No city on file (a single district's deployment): the defaults, changed by nobody. */
const NO_CITY: CityWeightsRecord = { ...DEFAULT_WEIGHTS, updatedBy: null, updatedAt: null };

@Injectable()
export class CityWeightsRepository {
  constructor(private readonly db: DataSource) {}

  async get(manager: EntityManager = this.db.manager): Promise<CityWeightsRecord> {
    const rows: CityWeightsRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM eco_settings s WHERE s.id AND s.district_id = ${CITY}`,
    );
    return rows[0] ?? NO_CITY;
  }

  /** The row locked for a change, or null when there is no city. */
  async lock(manager: EntityManager): Promise<CityWeightsRecord | null> {
    const rows: CityWeightsRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM eco_settings s WHERE s.id AND s.district_id = ${CITY} FOR UPDATE`,
    );
    return rows[0] ?? null;
  }

  async update(manager: EntityManager, w: ScoreWeights, by: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE eco_settings SET list_weight = $1, table_weight = $2, closure_rate_weight = $3, on_time_rate_weight = $4,
         overdue_penalty = $5, rebound_penalty = $6, binding_weight = $7, expected_weight = $8, at_risk_credit = $9,
         interview_penalty = $10, public_criticism_penalty = $11, accountability_penalty = $12, updated_by = $13, updated_at = $14
       WHERE id AND district_id = ${CITY}`,
      [
        w.listWeight,
        w.tableWeight,
        w.closureRateWeight,
        w.onTimeRateWeight,
        w.overduePenalty,
        w.reboundPenalty,
        w.bindingWeight,
        w.expectedWeight,
        w.atRiskCredit,
        w.interviewPenalty,
        w.publicCriticismPenalty,
        w.accountabilityPenalty,
        by,
        at,
      ],
    );
  }

  /** The change in the eco-report's audit (SETTINGS_UPDATED), under the city's district. */
  async appendChange(manager: EntityManager, by: EcoActor, at: Date, payload: Record<string, unknown>): Promise<void> {
    await manager.query(
      `INSERT INTO eco_audit (at, actor, actor_role, actor_unit_id, token_id, action, comment, payload, district_id)
       VALUES ($1, $2, $3, $4, $5, 'SETTINGS_UPDATED', '市级考核权重', $6, ${CITY})`,
      [at, by.label, by.role, by.unitId, by.tokenId, JSON.stringify(payload)],
    );
  }
}
