import type { MigrationInterface, QueryRunner } from 'typeorm';

// A unit's overdue problems (逾期, the list a department opens first) and their totalCount: by deadline alone the count
// read every overdue problem of the district to keep one unit's (19,540 heap rows for 1,736, 24 ms at a million
// problems, bench/ data). By lead unit, then deadline, the problems it still holds: the led part is counted from the
// index alone (0.3 ms), the cooperating part as before from issues_coop_idx and issues_holding_due_idx.
export class IssueLeadHoldingIndex1763900000012 implements MigrationInterface {
  name = 'IssueLeadHoldingIndex1763900000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX issues_lead_holding_due_idx ON issues (lead_unit_id, due_at)
         WHERE substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind <> 'LONG_TERM'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX issues_lead_holding_due_idx`);
  }
}
