// The eco-report's audit: one row per indicator change, report and decision; append-only (a trigger refuses changes).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EcoActor, EcoAuditRecord } from '../eco.records.js';
import type { EcoAuditAction } from '../eco.types.js';

export interface AuditEntry {
  action: EcoAuditAction;
  indicatorId?: string | null;
  reportId?: string | null;
  unitId?: string | null;
  periodKey?: string | null;
  comment?: string | null;
  payload?: Record<string, unknown>;
}

export interface AuditFilter {
  indicatorId?: string | null;
  reportId?: string | null;
  unitId?: string | null;
}

@Injectable()
export class EcoAuditQuery {
  constructor(private readonly db: DataSource) {}

  async append(manager: EntityManager, by: EcoActor, at: Date, e: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO eco_audit (at, actor, actor_role, actor_unit_id, token_id, action, indicator_id, report_id, unit_id, period_key, comment, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        at,
        by.label,
        by.role,
        by.unitId,
        by.tokenId,
        e.action,
        e.indicatorId ?? null,
        e.reportId ?? null,
        e.unitId ?? null,
        e.periodKey ?? null,
        e.comment ?? null,
        JSON.stringify(e.payload ?? {}),
      ],
    );
  }

  list(filter: AuditFilter): Promise<EcoAuditRecord[]> {
    return this.db.query(
      `SELECT id::text, at, actor, actor_role AS "actorRole", actor_unit_id AS "actorUnitId", action, indicator_id AS "indicatorId",
              report_id AS "reportId", unit_id AS "unitId", period_key AS "periodKey", comment, payload
         FROM eco_audit
        WHERE ($1::uuid IS NULL OR indicator_id = $1) AND ($2::uuid IS NULL OR report_id = $2) AND ($3::uuid IS NULL OR unit_id = $3)
        ORDER BY eco_audit.id`,
      [filter.indicatorId ?? null, filter.reportId ?? null, filter.unitId ?? null],
    );
  }
}
