import type { MigrationInterface, QueryRunner } from 'typeorm';

// A unit's overdue list (逾期), newest first, read as its two streams (issue-list.query.ts). The led stream walked
// every problem the unit leads newest-first until 50 held ones were overdue (1,690 rows for 48); the cooperating
// stream intersected the unit's cooperations with every overdue problem of the district (19,754). Indexes over the
// problems still held (a few percent of the list): the led ones by unit in the list's order, so a page (and a deep
// page, from its cursor) reads only held problems; the cooperating ones by unit. At a million problems the page's
// statement 8.2 → 1.0 ms and its count 5 → 0.4 ms (bench/ data, EXPLAIN ANALYZE). Partial: a transition adds entries
// only while the problem is held.
const HOLDING = `substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind <> 'LONG_TERM'`;

export class IssueUnitHoldingIndexes1763900000013 implements MigrationInterface {
  name = 'IssueUnitHoldingIndexes1763900000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX issues_lead_holding_list_idx ON issues (lead_unit_id, filed_at DESC, id DESC) WHERE ${HOLDING}`,
    );
    await q.query(`CREATE INDEX issues_coop_holding_idx ON issues USING gin (cooperating_unit_ids) WHERE ${HOLDING}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX issues_coop_holding_idx`);
    await q.query(`DROP INDEX issues_lead_holding_list_idx`);
  }
}
