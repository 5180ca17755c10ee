// SQL of the accountability records (migration 33): a record and the problems it concerns are written once; a record
// is revoked, never changed or deleted (a trigger holds the table to that).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { unitJsonOf } from '../units/units.repository.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { AccountabilityCounts, AccountabilityKind, AccountabilityRecord } from './accountability.record.js';

const COLUMNS = `r.id, r.kind, ${unitJsonOf('r.unit_id')} AS unit, r.person_name AS "personName",
  r.person_post AS "personPost", r.document_number AS "documentNumber", to_char(r.decided_on, 'YYYY-MM-DD') AS "decidedOn",
  r.reason, r.recorded_at AS "recordedAt", r.recorded_by AS "recordedBy", r.revoked_at AS "revokedAt",
  r.revoked_by AS "revokedBy", r.revoke_reason AS "revokeReason",
  (SELECT coalesce(json_agg(json_build_object('id', i.id, 'code', i.code, 'title', i.title) ORDER BY i.code), '[]')
     FROM accountability_record_issues ri JOIN issues i ON i.id = ri.issue_id WHERE ri.record_id = r.id) AS problems`;

export interface NewAccountabilityRecord {
  kind: AccountabilityKind;
  unitId: string;
  personName: string | null;
  personPost: string | null;
  documentNumber: string;
  decidedOn: string;
  reason: string;
  issueIds: string[];
  recordedAt: Date;
  recordedBy: string;
}

export interface AccountabilityFilter {
  /** null: every unit. */
  unitId: string | null;
  /** Decided on or after / on or before, 'YYYY-MM-DD'; null: open. */
  from: string | null;
  to: string | null;
  includeRevoked: boolean;
  limit: number;
}

/** How a cited problem stands to the unit a record is against. */
export interface CitedProblem {
  id: string;
  /** The unit leads it, cooperates on it, or once did (issue_former_holders). */
  held: boolean;
}

export interface UnitAccountability {
  unit: UnitRecord;
  counts: AccountabilityCounts;
}

@Injectable()
export class AccountabilityRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, r: NewAccountabilityRecord): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO accountability_records
         (kind, unit_id, person_name, person_post, document_number, decided_on, reason, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        r.kind,
        r.unitId,
        r.personName,
        r.personPost,
        r.documentNumber,
        r.decidedOn,
        r.reason,
        r.recordedAt,
        r.recordedBy,
      ],
    );
    await m.query(`INSERT INTO accountability_record_issues (record_id, issue_id) SELECT $1, unnest($2::uuid[])`, [
      rows[0].id,
      r.issueIds,
    ]);
    return rows[0].id;
  }

  /** The cited problems that exist, each with whether the unit holds or once held it. */
  cited(m: EntityManager, unitId: string, issueIds: string[]): Promise<CitedProblem[]> {
    return m.query(
      `SELECT i.id, (i.lead_unit_id = $2 OR $2 = ANY (i.cooperating_unit_ids)
                     OR EXISTS (SELECT 1 FROM issue_former_holders f WHERE f.issue_id = i.id AND f.unit_id = $2)) AS held
         FROM issues i WHERE i.id = ANY ($1::uuid[])`,
      [issueIds, unitId],
    );
  }

  async byId(id: string, m: EntityManager = this.db.manager): Promise<AccountabilityRecord | null> {
    const rows: AccountabilityRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM accountability_records r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The record, locked for its revocation; null when there is none. */
  async lock(m: EntityManager, id: string): Promise<{ id: string; revokedAt: Date | null } | null> {
    const rows: { id: string; revokedAt: Date | null }[] = await m.query(
      `SELECT id, revoked_at AS "revokedAt" FROM accountability_records WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async revoke(m: EntityManager, id: string, reason: string, by: string, at: Date): Promise<void> {
    // Through a CTE: TypeORM answers a bare UPDATE with [rows, count], not rows.
    await m.query(
      `WITH u AS (
         UPDATE accountability_records SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1 RETURNING id
       ) SELECT id FROM u`,
      [id, at, by, reason],
    );
  }

  /** Newest decision first. */
  list(f: AccountabilityFilter): Promise<AccountabilityRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM accountability_records r
        WHERE ($1::uuid IS NULL OR r.unit_id = $1) AND ($2::date IS NULL OR r.decided_on >= $2)
          AND ($3::date IS NULL OR r.decided_on <= $3) AND ($4 OR r.revoked_at IS NULL)
        ORDER BY r.decided_on DESC, r.recorded_at DESC, r.id
        LIMIT $5`,
      [f.unitId, f.from, f.to, f.includeRevoked, f.limit],
    );
  }

  /** The records standing decided from `fromDay` to `toDay` (one unit's, or every unit's), by day: the bulletin's. */
  decidedBetween(fromDay: string, toDay: string, unitId: string | null): Promise<AccountabilityRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM accountability_records r JOIN units u ON u.id = r.unit_id
        WHERE r.revoked_at IS NULL AND r.decided_on BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR r.unit_id = $3)
        ORDER BY r.decided_on, u.code, r.recorded_at, r.id`,
      [fromDay, toDay, unitId],
    );
  }

  /** The records standing (not revoked) decided from `fromDay` to `toDay`, per unit and kind: the score's deduction. */
  async countsByUnit(fromDay: string, toDay: string): Promise<UnitAccountability[]> {
    const rows: { unit: UnitRecord; interview: number; criticism: number; accountability: number }[] =
      await this.db.query(
        `SELECT ${unitJsonOf('r.unit_id')} AS unit,
                count(*) FILTER (WHERE r.kind = 'INTERVIEW')::int AS interview,
                count(*) FILTER (WHERE r.kind = 'PUBLIC_CRITICISM')::int AS criticism,
                count(*) FILTER (WHERE r.kind = 'ACCOUNTABILITY')::int AS accountability
           FROM accountability_records r
          WHERE r.revoked_at IS NULL AND r.decided_on BETWEEN $1 AND $2
          GROUP BY r.unit_id`,
        [fromDay, toDay],
      );
    return rows.map((r) => ({
      unit: r.unit,
      counts: { INTERVIEW: r.interview, PUBLIC_CRITICISM: r.criticism, ACCOUNTABILITY: r.accountability },
    }));
  }
}
