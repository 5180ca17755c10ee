import type { MigrationInterface, QueryRunner } from 'typeorm';

// Objections to a closure in its public notice (公示异议) from the public page: who objected and how to reach them —
// personal data, the office's only — kept beside the log's `object` event, which says what the objection was.
export class NoticeObjections1763900000027 implements MigrationInterface {
  name = 'NoticeObjections1763900000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_objections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issue_id uuid NOT NULL REFERENCES issues (id),
        -- the object event it raised; NULL when it came while an objection was already being examined
        event_seq int,
        name text NOT NULL,
        phone text NOT NULL,
        comment text NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX notice_objections_issue_idx ON notice_objections (issue_id, received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_objections`);
  }
}
