import type { MigrationInterface, QueryRunner } from 'typeorm';

// The rectification plan (整改方案, issue.machine.ts version 5): the lead unit's goal, measures, the people who answer
// for it and its dated milestones, kept on the problem as the machine's context has it. Milestones past their date and
// not done (序时推进 behind) are counted from the problems rectifying with a plan in force.
export class RectificationPlans1763900000029 implements MigrationInterface {
  name = 'RectificationPlans1763900000029';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues ADD COLUMN plan jsonb`);
    await q.query(
      `CREATE INDEX issues_planned_idx ON issues (lead_unit_id)
        WHERE substate = 'RECTIFYING.inProgress' AND plan IS NOT NULL AND duplicate_of_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX issues_planned_idx`);
    await q.query(`ALTER TABLE issues DROP COLUMN plan`);
  }
}
