import type { MigrationInterface, QueryRunner } from 'typeorm';

// People told: units' contact persons, the office's notification rules, each notification (the unit's inbox, and the
// ledger that allows one per problem per rule per day) and its text messages to the gateway. Event rules are planned
// from the log as webhooks are (a position stored with what it planned, so nothing is told that did not commit and
// nothing that committed is missed); the daily rules and the leaders' digest once per Shanghai day.
export class Notifications1763900000023 implements MigrationInterface {
  name = 'Notifications1763900000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- NULL: a district leader (区领导), told by the daily digest
        unit_id uuid REFERENCES units(id),
        name text NOT NULL,
        mobile text NOT NULL,
        role text NOT NULL CHECK (role IN ('RESPONSIBLE', 'LIAISON', 'LEADER')),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz,
        CHECK ((role = 'LEADER') = (unit_id IS NULL))
      )`);
    await q.query(`CREATE INDEX unit_contacts_unit_idx ON unit_contacts (unit_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_rules (
        trigger text PRIMARY KEY CHECK (trigger IN ('ASSIGNED', 'DUE_SOON', 'OVERDUE', 'ESCALATED',
          'VERIFICATION_FAILED', 'EXTENSION_DECIDED', 'DAILY_DIGEST')),
        enabled boolean NOT NULL,
        channels text[] NOT NULL CHECK (channels <@ ARRAY['SMS', 'INBOX', 'LOG']),
        -- DUE_SOON: how many days before the deadline
        days_before int CHECK (days_before BETWEEN 1 AND 30),
        -- the gateway's template (模板) for this rule's text messages
        sms_template_id text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO notification_rules (trigger, enabled, channels, days_before, sms_template_id, updated_at)
      SELECT t, true, ARRAY['INBOX', 'LOG'], CASE WHEN t = 'DUE_SOON' THEN 3 END, 'RECTIFY_' || t, now()
        FROM unnest(ARRAY['ASSIGNED', 'DUE_SOON', 'OVERDUE', 'ESCALATED', 'VERIFICATION_FAILED', 'EXTENSION_DECIDED',
                          'DAILY_DIGEST']) t`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger text NOT NULL REFERENCES notification_rules(trigger),
        -- the unit told; NULL: the district's leaders (the digest)
        unit_id uuid REFERENCES units(id),
        issue_id uuid REFERENCES issues(id),
        -- the log row that raised it (event rules)
        event_id bigint REFERENCES issue_events(id),
        -- the Shanghai day it belongs to: one per problem, rule and unit a day
        day date NOT NULL,
        channels text[] NOT NULL,
        template_id text NOT NULL,
        params jsonb NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`
      CREATE UNIQUE INDEX notifications_once_a_day_idx ON notifications
        (trigger, COALESCE(unit_id, '00000000-0000-0000-0000-000000000000'),
         COALESCE(issue_id, '00000000-0000-0000-0000-000000000000'), day)`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (unit_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE notification_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notifications(id),
        -- the number is read from the contact when it is sent, never copied here
        contact_id uuid NOT NULL REFERENCES unit_contacts(id),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
        attempts int NOT NULL DEFAULT 0,
        last_response_code int,
        last_error text,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        UNIQUE (notification_id, contact_id)
      )`);
    await q.query(
      `CREATE INDEX notification_messages_due_idx ON notification_messages (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(`
      CREATE TABLE notification_dispatch (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        -- every log row of a transaction below this one has its notifications planned
        planned_below xid8 NOT NULL,
        -- the last Shanghai day whose reminders and digest were made
        daily_done date
      )`);
    await q.query(`INSERT INTO notification_dispatch (planned_below) VALUES (pg_current_xact_id())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE notification_dispatch, notification_messages, notifications, notification_rules, unit_contacts`,
    );
  }
}
