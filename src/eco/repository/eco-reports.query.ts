// SQL of reported values. Rows are only ever inserted, decided (SUBMITTED → CONFIRMED | RETURNED) or superseded
// (CONFIRMED → SUPERSEDED); a trigger refuses any other change, and deletion.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../../workflows/issue.types.js';
import type { EcoReportRecord } from '../eco.records.js';
import type { EcoReportState } from '../eco.types.js';

const COLUMNS = `r.id, r.indicator_id AS "indicatorId", i.code AS "indicatorCode", i.name AS "indicatorName", r.unit_id AS "unitId",
  r.period_key AS "periodKey", r.value::float8 AS value, r.source_note AS "sourceNote", r.evidence_ids AS "evidenceIds", r.state,
  r.reason, r.supersedes_id AS "supersedesId", r.superseded_by_id AS "supersededById", r.reported_by AS "reportedBy",
  r.reported_by_role AS "reportedByRole", r.reported_at AS "reportedAt", r.decided_by AS "decidedBy", r.decided_at AS "decidedAt",
  r.decision_comment AS "decisionComment"`;
const FROM = `eco_reports r JOIN eco_indicators i ON i.id = r.indicator_id JOIN units u ON u.id = r.unit_id`;

export interface NewReportRow {
  indicatorId: string;
  unitId: string;
  periodKey: string;
  value: number;
  sourceNote: string;
  evidenceIds: string[];
  reason: string | null;
  supersedesId: string | null;
  reportedBy: string;
  reportedByRole: Role;
  reportedByToken: string | null;
  reportedAt: Date;
}

export interface ReportFilter {
  indicatorIds?: readonly string[] | null;
  unitId?: string | null;
  periodKeys?: readonly string[] | null;
  states?: readonly EcoReportState[] | null;
}

@Injectable()
export class EcoReportsQuery {
  constructor(private readonly db: DataSource) {}

  async insert(manager: EntityManager, row: NewReportRow): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO eco_reports (indicator_id, unit_id, period_key, value, source_note, evidence_ids, state, reason, supersedes_id,
         reported_by, reported_by_role, reported_by_token, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'SUBMITTED', $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        row.indicatorId,
        row.unitId,
        row.periodKey,
        row.value,
        row.sourceNote,
        row.evidenceIds,
        row.reason,
        row.supersedesId,
        row.reportedBy,
        row.reportedByRole,
        row.reportedByToken,
        row.reportedAt,
      ],
    );
    return rows[0].id;
  }

  async byId(id: string, manager: EntityManager = this.db.manager): Promise<EcoReportRecord | null> {
    const rows: EcoReportRecord[] = await manager.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(manager: EntityManager, id: string): Promise<EcoReportRecord | null> {
    const rows: EcoReportRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The reports in force for one indicator, unit and period: the confirmed one and the one waiting for the office. */
  async inForce(
    manager: EntityManager,
    indicatorId: string,
    unitId: string,
    periodKey: string,
  ): Promise<EcoReportRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE r.indicator_id = $1 AND r.unit_id = $2 AND r.period_key = $3 AND r.state IN ('CONFIRMED','SUBMITTED')`,
      [indicatorId, unitId, periodKey],
    );
  }

  async decide(
    manager: EntityManager,
    id: string,
    state: 'CONFIRMED' | 'RETURNED',
    by: string,
    at: Date,
    comment: string | null,
  ): Promise<void> {
    await manager.query(
      `WITH u AS (
         UPDATE eco_reports SET state = $2, decided_by = $3, decided_at = $4, decision_comment = $5 WHERE id = $1 RETURNING id
       ) SELECT id FROM u`,
      [id, state, by, at, comment],
    );
  }

  async supersede(manager: EntityManager, oldId: string, newId: string): Promise<void> {
    await manager.query(
      `WITH u AS (UPDATE eco_reports SET state = 'SUPERSEDED', superseded_by_id = $2 WHERE id = $1 RETURNING id) SELECT id FROM u`,
      [oldId, newId],
    );
  }

  list(filter: ReportFilter, manager: EntityManager = this.db.manager): Promise<EcoReportRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ($1::uuid[] IS NULL OR r.indicator_id = ANY($1::uuid[]))
          AND ($2::uuid IS NULL OR r.unit_id = $2)
          AND ($3::text[] IS NULL OR r.period_key = ANY($3::text[]))
          AND ($4::text[] IS NULL OR r.state = ANY($4::text[]))
        ORDER BY i.seq, i.code, r.period_key, u.code, r.seq`,
      [
        filter.indicatorIds ?? null,
        filter.unitId ?? null,
        filter.periodKeys ?? null,
        filter.states?.length ? filter.states : null,
      ],
    );
  }
}
