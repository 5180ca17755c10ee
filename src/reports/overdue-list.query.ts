// Problems overdue at a moment (the unit still holds them past their deadline), oldest deadline first.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EscalationLevel, IssueSource } from '../../workflows/issue.types.js';
import { heldSql } from '../issues/deadline-status.js';

export interface OverdueRow {
  code: string;
  title: string;
  unitName: string | null;
  unitId: string | null;
  dueAt: Date;
  escalationLevel: EscalationLevel;
}

@Injectable()
export class OverdueListQuery {
  constructor(private readonly db: DataSource) {}

  /**
   * From each problem's facts at asOf, so a past week's list reads the same later: a problem with no event after asOf
   * has them on its row (read through the holding index), the others in their last log row by asOf (only the problems
   * changed since are read in the log). Its code, title and source come with the row either way: joining the problems
   * again for them read every problem (a hash of the whole table) for a list of thousands.
   */
  list(asOf: Date, sources: IssueSource[] | null, unitId: string | null): Promise<OverdueRow[]> {
    return this.db.query(
      `WITH facts AS (
         SELECT i.code, i.title, i.source, i.substate AS to_state, i.lead_unit_id, i.due_at, i.deadline_kind,
                i.escalation_level, i.duplicate_of_id
           FROM issues i
          WHERE i.updated_at <= $1 AND ${heldSql('i.substate', 'i.deadline_kind')} AND i.due_at < $1
         UNION ALL
         SELECT i.code, i.title, i.source, l.* FROM issues i
          CROSS JOIN LATERAL (
            SELECT e.to_state, e.lead_unit_id, e.due_at, e.deadline_kind, e.escalation_level, e.duplicate_of_id
              FROM issue_events e WHERE e.issue_id = i.id AND e.at <= $1 ORDER BY e.seq DESC LIMIT 1
          ) l
          WHERE i.updated_at > $1 AND i.filed_at <= $1
       )
       SELECT l.code, l.title, u.name AS "unitName", l.lead_unit_id AS "unitId", l.due_at AS "dueAt",
              coalesce(l.escalation_level, 'NONE') AS "escalationLevel"
         FROM facts l LEFT JOIN units u ON u.id = l.lead_unit_id
        WHERE l.duplicate_of_id IS NULL AND ${heldSql('l.to_state', 'l.deadline_kind')} AND l.due_at < $1
          AND ($2::text[] IS NULL OR l.source = ANY($2::text[]))
          AND ($3::uuid IS NULL OR l.lead_unit_id = $3::uuid)
        ORDER BY l.due_at, l.code`,
      [asOf, sources, unitId],
    );
  }
}
