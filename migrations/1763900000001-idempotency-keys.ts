import type { MigrationInterface, QueryRunner } from 'typeorm';

// Replies to mutations sent with an Idempotency-Key, kept at least 24 hours so a retry gets the first reply.
export class IdempotencyKeys1763900000001 implements MigrationInterface {
  name = 'IdempotencyKeys1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        token_hash text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        reply text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_hash, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
