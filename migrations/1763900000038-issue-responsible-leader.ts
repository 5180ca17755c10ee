import type { MigrationInterface, QueryRunner } from 'typeorm';

// 责任领导: the district leader answerable for a problem's rectification, as 整改清单 name one beside the lead unit.
// Entered text (ISSUE_SHAPE's `entered`): filed, imported and shown like 批次 and 所在地.
export class IssueResponsibleLeader1763900000038 implements MigrationInterface {
  name = 'IssueResponsibleLeader1763900000038';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues ADD COLUMN responsible_leader text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues DROP COLUMN responsible_leader`);
  }
}
