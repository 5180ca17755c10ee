import type { MigrationInterface, QueryRunner } from 'typeorm';

// Screen tokens (大屏令牌): a LEADER token the office issues for a named wall screen, which reads as a leader and may
// change nothing (auth/policy.ts refuses its every mutation and upload). Set when the token is minted, never changed,
// so the token trigger (migration 7) need not announce it.
export class ScreenTokens1763900000036 implements MigrationInterface {
  name = 'ScreenTokens1763900000036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens ADD COLUMN screen boolean NOT NULL DEFAULT false`);
    // A screen reads as a leader: no other role may carry the flag.
    await q.query(
      `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_screen_leader CHECK (NOT screen OR (role = 'LEADER' AND unit_id IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_screen_leader`);
    await q.query(`ALTER TABLE api_tokens DROP COLUMN screen`);
  }
}
