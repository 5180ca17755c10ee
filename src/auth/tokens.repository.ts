import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../workflows/issue.types.js';

export interface TokenRow {
  id: string;
  prefix: string;
  role: Role;
  unit_id: string | null;
  label: string | null;
}

@Injectable()
export class TokensRepository {
  constructor(private readonly db: DataSource) {}

  async findActiveByHash(hash: string, now: Date): Promise<TokenRow | null> {
    const rows: TokenRow[] = await this.db.query(
      `SELECT id, prefix, role, unit_id, label FROM api_tokens
        WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [hash, now],
    );
    return rows[0] ?? null;
  }

  async insert(
    row: { hash: string; prefix: string; role: Role; unitId: string | null; label: string | null; createdBy: string | null },
    manager: EntityManager = this.db.manager,
  ): Promise<TokenRow> {
    const rows: TokenRow[] = await manager.query(
      `INSERT INTO api_tokens (token_hash, prefix, role, unit_id, label, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (token_hash) DO UPDATE SET token_hash = EXCLUDED.token_hash
       RETURNING id, prefix, role, unit_id, label`,
      [row.hash, row.prefix, row.role, row.unitId, row.label, row.createdBy],
    );
    return rows[0];
  }

  async prefixOf(id: string): Promise<string | null> {
    const rows: { prefix: string }[] = await this.db.query(`SELECT prefix FROM api_tokens WHERE id = $1`, [id]);
    return rows[0]?.prefix ?? null;
  }

  async count(manager: EntityManager = this.db.manager): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM api_tokens`);
    return rows[0].n;
  }
}
