import type { QueryRunner } from 'typeorm';

// Adding and dropping notification rules from a migration. Frozen as migrations are: the migrations that import it
// must run as they did when they landed. The trigger CHECK is rebuilt from the rules present, so a migration need not
// know which triggers the others added.

/** Rebuilds notification_rules' trigger CHECK to exactly the triggers `triggersSql` selects (one column). */
const rebuildCheck = (triggersSql: string) =>
  `DO $$ BEGIN
     EXECUTE 'ALTER TABLE notification_rules DROP CONSTRAINT notification_rules_trigger_check, ADD CONSTRAINT '
       || 'notification_rules_trigger_check CHECK (trigger IN ('
       || (SELECT string_agg(quote_literal(t), ', ' ORDER BY t) FROM (${triggersSql}) x(t)) || '))';
   END $$`;

/** New rules, enabled, told in the inbox and the log, each with its SMS template id RECTIFY_<trigger>. */
export async function addNotificationRules(q: QueryRunner, triggers: readonly string[]): Promise<void> {
  const literals = triggers.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  await q.query(rebuildCheck(`SELECT trigger FROM notification_rules UNION SELECT unnest(ARRAY[${literals}])`));
  await q.query(
    `INSERT INTO notification_rules (trigger, enabled, channels, days_before, sms_template_id, updated_at)
     SELECT t, true, ARRAY['INBOX', 'LOG'], NULL, 'RECTIFY_' || t, now() FROM unnest($1::text[]) t`,
    [triggers],
  );
}

/** The rules gone, with every notification they made (its text messages and reads first). */
export async function dropNotificationRules(q: QueryRunner, triggers: readonly string[]): Promise<void> {
  const made = `SELECT id FROM notifications WHERE trigger = ANY ($1)`;
  await q.query(`DELETE FROM notification_messages WHERE notification_id IN (${made})`, [triggers]);
  await q.query(`DELETE FROM notification_reads WHERE notification_id IN (${made})`, [triggers]);
  await q.query(`DELETE FROM notifications WHERE trigger = ANY ($1)`, [triggers]);
  await q.query(`DELETE FROM notification_rules WHERE trigger = ANY ($1)`, [triggers]);
  await q.query(rebuildCheck(`SELECT trigger FROM notification_rules`));
}
