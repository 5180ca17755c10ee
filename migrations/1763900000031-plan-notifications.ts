import type { MigrationInterface, QueryRunner } from 'typeorm';

// The lead unit is told when the office sends its plan back (PLAN_RETURNED), and each day a milestone of its plan is
// past its date and not done (MILESTONE_OVERDUE), as it is of an overdue deadline.
const TRIGGERS_BEFORE = [
  'ASSIGNED',
  'DUE_SOON',
  'OVERDUE',
  'ESCALATED',
  'VERIFICATION_FAILED',
  'EXTENSION_DECIDED',
  'DAILY_DIGEST',
  'REVIEW_REQUESTED',
  'SENT_BACK',
];
const ADDED = ['PLAN_RETURNED', 'MILESTONE_OVERDUE'];
const triggerCheck = (triggers: string[]) =>
  `ALTER TABLE notification_rules DROP CONSTRAINT notification_rules_trigger_check,
     ADD CONSTRAINT notification_rules_trigger_check CHECK (trigger IN (${triggers.map((t) => `'${t}'`).join(', ')}))`;

export class PlanNotifications1763900000031 implements MigrationInterface {
  name = 'PlanNotifications1763900000031';

  async up(q: QueryRunner): Promise<void> {
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
  }
}
