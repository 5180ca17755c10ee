import type { MigrationInterface, QueryRunner } from 'typeorm';

// Evidence files (photos, documents) of a problem; the bytes live on disk under their sha256.
export class Evidence1763900000002 implements MigrationInterface {
  name = 'Evidence1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issue_id uuid NOT NULL REFERENCES issues(id),
        -- the event it is attached to; null while the upload waits to be attached
        event_seq int,
        uploaded_by_token uuid NOT NULL REFERENCES api_tokens(id),
        uploaded_by text NOT NULL,
        unit_id uuid REFERENCES units(id),
        file_name text NOT NULL,
        media_type text NOT NULL CHECK (media_type IN ('image/jpeg','image/png','image/webp','application/pdf')),
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        note text,
        public boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- attached only to an event of its own problem that exists
        FOREIGN KEY (issue_id, event_seq) REFERENCES issue_events (issue_id, seq)
      )`);
    await q.query(`CREATE INDEX evidence_issue_idx ON evidence (issue_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence`);
  }
}
