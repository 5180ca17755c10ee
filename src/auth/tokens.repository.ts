import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../workflows/issue.types.js';
import { cityWide } from '../tenancy/district-scope.js';

export interface TokenRow {
  id: string;
  prefix: string;
  role: Role;
  unit_id: string | null;
  label: string | null;
  last_used_at: Date | null;
  expires_at: Date | null;
  /** A screen token (大屏令牌): a leader's reads, no writes. */
  screen: boolean;
  /** The district it belongs to (for the city's roles, the city's own row of `districts`). */
  district_id: string;
}

/** A token as the office lists it: never its secret or hash. */
export interface TokenInfo {
  id: string;
  prefix: string;
  role: Role;
  unitId: string | null;
  label: string | null;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  screen: boolean;
}

const INFO = `t.id, t.prefix, t.role, t.unit_id AS "unitId", t.label, t.created_at AS "createdAt",
  coalesce(c.label, c.prefix) AS "createdBy", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt",
  t.revoked_at AS "revokedAt", coalesce(r.label, r.prefix) AS "revokedBy", t.screen`;
const INFO_FROM = `api_tokens t LEFT JOIN api_tokens c ON c.id = t.created_by LEFT JOIN api_tokens r ON r.id = t.revoked_by`;

@Injectable()
export class TokensRepository {
  constructor(private readonly db: DataSource) {}

  /** Before its district is known: the one lookup made city-wide for a caller (by the secret's hash alone). */
  async findActiveByHash(hash: string, now: Date): Promise<TokenRow | null> {
    const rows: TokenRow[] = await cityWide(() =>
      this.db.query(
        `SELECT id, prefix, role, unit_id, label, last_used_at, expires_at, screen, district_id FROM api_tokens
          WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [hash, now],
      ),
    );
    return rows[0] ?? null;
  }

  async insert(
    row: {
      hash: string;
      prefix: string;
      role: Role;
      unitId: string | null;
      label: string | null;
      createdBy: string | null;
      expiresAt?: Date | null;
      screen?: boolean;
    },
    manager: EntityManager = this.db.manager,
  ): Promise<TokenRow> {
    const rows: TokenRow[] = await manager.query(
      `INSERT INTO api_tokens (token_hash, prefix, role, unit_id, label, created_by, expires_at, screen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (token_hash, district_id) DO UPDATE SET token_hash = EXCLUDED.token_hash
       RETURNING id, prefix, role, unit_id, label, last_used_at, expires_at, screen, district_id`,
      [
        row.hash,
        row.prefix,
        row.role,
        row.unitId,
        row.label,
        row.createdBy,
        row.expiresAt ?? null,
        row.screen ?? false,
      ],
    );
    return rows[0];
  }

  async prefixOf(id: string): Promise<string | null> {
    const rows: { prefix: string }[] = await this.db.query(`SELECT prefix FROM api_tokens WHERE id = $1`, [id]);
    return rows[0]?.prefix ?? null;
  }

  /** Recorded at most once a minute per token, so reading does not become a write per request. */
  async touch(id: string, now: Date): Promise<void> {
    await cityWide(() =>
      this.db.query(
        `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
        [id, now],
      ),
    );
  }

  list(includeRevoked: boolean): Promise<TokenInfo[]> {
    return this.db.query(
      `SELECT ${INFO} FROM ${INFO_FROM} WHERE ($1 OR t.revoked_at IS NULL) ORDER BY t.created_at, t.id`,
      [includeRevoked],
    );
  }

  async revoke(id: string, by: string, now: Date): Promise<TokenInfo | null> {
    await this.db.query(`UPDATE api_tokens SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      id,
      by,
      now,
    ]);
    const rows: TokenInfo[] = await this.db.query(`SELECT ${INFO} FROM ${INFO_FROM} WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async count(manager: EntityManager = this.db.manager): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM api_tokens`);
    return rows[0].n;
  }
}
