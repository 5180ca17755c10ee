// SQL of the single settings row: the report deadline and the score's weights and deductions.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EcoSettingsRecord } from '../eco.records.js';

const COLUMNS = `report_due_working_days AS "reportDueWorkingDays", list_weight::float8 AS "listWeight",
  table_weight::float8 AS "tableWeight", closure_rate_weight::float8 AS "closureRateWeight",
  on_time_rate_weight::float8 AS "onTimeRateWeight", overdue_penalty::float8 AS "overduePenalty",
  rebound_penalty::float8 AS "reboundPenalty", binding_weight::float8 AS "bindingWeight",
  expected_weight::float8 AS "expectedWeight", at_risk_credit::float8 AS "atRiskCredit",
  interview_penalty::float8 AS "interviewPenalty", public_criticism_penalty::float8 AS "publicCriticismPenalty",
  accountability_penalty::float8 AS "accountabilityPenalty", updated_by AS "updatedBy", updated_at AS "updatedAt"`;

export type SettingsValues = Omit<EcoSettingsRecord, 'updatedBy' | 'updatedAt'>;

@Injectable()
export class EcoSettingsQuery {
  constructor(private readonly db: DataSource) {}

  async get(manager: EntityManager = this.db.manager): Promise<EcoSettingsRecord> {
    const rows: EcoSettingsRecord[] = await manager.query(`SELECT ${COLUMNS} FROM eco_settings WHERE id`);
    return rows[0];
  }

  async lock(manager: EntityManager): Promise<EcoSettingsRecord> {
    const rows: EcoSettingsRecord[] = await manager.query(`SELECT ${COLUMNS} FROM eco_settings WHERE id FOR UPDATE`);
    return rows[0];
  }

  async update(manager: EntityManager, s: SettingsValues, by: string, at: Date): Promise<void> {
    await manager.query(
      `WITH u AS (
         UPDATE eco_settings SET report_due_working_days = $1, list_weight = $2, table_weight = $3, closure_rate_weight = $4,
           on_time_rate_weight = $5, overdue_penalty = $6, rebound_penalty = $7, binding_weight = $8, expected_weight = $9,
           at_risk_credit = $10, interview_penalty = $11, public_criticism_penalty = $12, accountability_penalty = $13,
           updated_by = $14, updated_at = $15
         WHERE id RETURNING id
       ) SELECT id FROM u`,
      [
        s.reportDueWorkingDays,
        s.listWeight,
        s.tableWeight,
        s.closureRateWeight,
        s.onTimeRateWeight,
        s.overduePenalty,
        s.reboundPenalty,
        s.bindingWeight,
        s.expectedWeight,
        s.atRiskCredit,
        s.interviewPenalty,
        s.publicCriticismPenalty,
        s.accountabilityPenalty,
        by,
        at,
      ],
    );
  }
}
