import type { MigrationInterface, QueryRunner } from 'typeorm';

// The leaders' inbox (the daily digest) is read by each leader and office token for itself: one marking it read
// leaves it unread for the others. A unit's inbox stays one per unit (notifications.read_at). A contact's number is
// listed once per unit. The office lists the text messages sent, newest first.
export class NotificationReads1763900000024 implements MigrationInterface {
  name = 'NotificationReads1763900000024';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_reads (
        notification_id uuid NOT NULL REFERENCES notifications(id),
        token_id uuid NOT NULL,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (notification_id, token_id)
      )`);
    // the office's list of text messages, newest first
    await q.query(`CREATE INDEX notification_messages_list_idx ON notification_messages (created_at DESC, id DESC)`);
    // (a contact entered twice keeps the first; the rest are removed)
    await q.query(`
      UPDATE unit_contacts c SET deleted_at = now()
       WHERE deleted_at IS NULL AND EXISTS (
         SELECT 1 FROM unit_contacts o
          WHERE o.deleted_at IS NULL AND o.unit_id IS NOT DISTINCT FROM c.unit_id AND o.mobile = c.mobile
            AND (o.created_at, o.id) < (c.created_at, c.id))`);
    await q.query(`
      CREATE UNIQUE INDEX unit_contacts_once_idx ON unit_contacts
        (COALESCE(unit_id, '00000000-0000-0000-0000-000000000000'), mobile) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX unit_contacts_once_idx, notification_messages_list_idx`);
    await q.query(`DROP TABLE notification_reads`);
  }
}
