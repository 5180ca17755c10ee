import type { MigrationInterface, QueryRunner } from 'typeorm';

// Limits that must hold across instances (a public objection's per-address hourly budget): kept in PostgreSQL by
// rate-limiter-flexible's RateLimiterPostgres, in the table shape it expects, so N instances do not allow N times the
// budget. The per-second request limits stay in each instance's memory (a restart only forgives a burst).
export class SharedRateLimits1763900000039 implements MigrationInterface {
  name = 'SharedRateLimits1763900000039';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(
      `COMMENT ON TABLE rate_limits IS 'Budgets shared by every instance (rate-limiter-flexible): key = prefix:caller, expire in epoch ms'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
  }
}
