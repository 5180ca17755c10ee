import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredReply {
  requestHash: string;
  statusCode: number | null;
  reply: string | null;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  /** Claims the key for this request; false when it was claimed before. */
  async claim(tokenHash: string, key: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      // A district's caller keeps its keys in its district; the city's roles (city-wide) in the city's own row.
      `INSERT INTO idempotency_keys (token_hash, key, request_hash, district_id)
       VALUES ($1, $2, $3, coalesce((SELECT rectify_current_district()), (SELECT id FROM districts WHERE kind = 'CITY')))
       ON CONFLICT (token_hash, key, district_id) DO NOTHING RETURNING key`,
      [tokenHash, key, requestHash],
    );
    return rows.length > 0;
  }

  async find(tokenHash: string, key: string): Promise<StoredReply | null> {
    const rows: StoredReply[] = await this.db.query(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", reply FROM idempotency_keys WHERE token_hash = $1 AND key = $2`,
      [tokenHash, key],
    );
    return rows[0] ?? null;
  }

  async complete(tokenHash: string, key: string, statusCode: number, reply: string): Promise<void> {
    await this.db.query(`UPDATE idempotency_keys SET status_code = $3, reply = $4 WHERE token_hash = $1 AND key = $2`, [
      tokenHash,
      key,
      statusCode,
      reply,
    ]);
  }

  /** A claim whose request never got as far as a reply (a bad token, a crash before running) may be retried. */
  async release(tokenHash: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE token_hash = $1 AND key = $2 AND reply IS NULL`, [
      tokenHash,
      key,
    ]);
  }

  async prune(olderThanHours: number): Promise<number> {
    // Through a CTE: TypeORM answers a bare DELETE with [rows, count], not rows.
    const rows: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) RETURNING key) SELECT count(*)::int AS n FROM d`,
      [olderThanHours],
    );
    return rows[0].n;
  }
}
