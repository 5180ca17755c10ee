import type { MigrationInterface, QueryRunner } from 'typeorm';

// The supervising department's review (issue.machine.ts, version 4): a problem may name the department (行业主管部门)
// that reviews a submission before the office accepts it; the department reads the problems it supervises and is told
// when one waits for its review (REVIEW_REQUESTED), as the lead unit is when a step sends the work back (SENT_BACK).
const TRIGGERS_BEFORE = [
  'ASSIGNED',
  'DUE_SOON',
  'OVERDUE',
  'ESCALATED',
  'VERIFICATION_FAILED',
  'EXTENSION_DECIDED',
  'DAILY_DIGEST',
];
const ADDED = ['REVIEW_REQUESTED', 'SENT_BACK'];
const triggerCheck = (triggers: string[]) =>
  `ALTER TABLE notification_rules DROP CONSTRAINT notification_rules_trigger_check,
     ADD CONSTRAINT notification_rules_trigger_check CHECK (trigger IN (${triggers.map((t) => `'${t}'`).join(', ')}))`;
export class DepartmentReview1763900000026 implements MigrationInterface {
  name = 'DepartmentReview1763900000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues ADD COLUMN supervising_unit_id uuid REFERENCES units (id)`);
    // a department's own list of the problems it supervises, and its queue of reviews
    await q.query(
      `CREATE INDEX issues_supervising_idx ON issues (supervising_unit_id, filed_at) WHERE supervising_unit_id IS NOT NULL`,
    );
    await q.query(triggerCheck([...TRIGGERS_BEFORE, ...ADDED]));
    await q.query(
      `INSERT INTO notification_rules (trigger, enabled, channels, days_before, sms_template_id, updated_at)
       SELECT t, true, ARRAY['INBOX', 'LOG'], NULL, 'RECTIFY_' || t, now() FROM unnest($1::text[]) t`,
      [ADDED],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE trigger = ANY ($1)`, [ADDED]);
    await q.query(`DELETE FROM notification_rules WHERE trigger = ANY ($1)`, [ADDED]);
    await q.query(triggerCheck(TRIGGERS_BEFORE));
    // (a submission waiting for its department's review goes straight to the office)
    await q.query(`UPDATE issues SET substate = 'RECTIFYING.submitted' WHERE substate = 'RECTIFYING.departmentReview'`);
    await q.query(`DROP INDEX issues_supervising_idx`);
    await q.query(`ALTER TABLE issues DROP COLUMN supervising_unit_id`);
  }
}
