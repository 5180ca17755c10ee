import type { MigrationInterface, QueryRunner } from 'typeorm';

// Cooperating units' parts (配合单位分工, issue.machine.ts version 6): from assignments made from now on, each cooperating
// unit reports its own part and the lead submits once every part is done or waived. Problems assigned before keep no
// parts, as their logs replay.
export class CooperationParts1763900000030 implements MigrationInterface {
  name = 'CooperationParts1763900000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues ADD COLUMN parts jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues DROP COLUMN parts`);
  }
}
