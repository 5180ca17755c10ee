import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitKind, UnitRecord } from './unit.record.js';

const COLUMNS = `id, code, name, kind, parent_id AS "parentId"`;

@Injectable()
export class UnitsRepository {
  constructor(private readonly db: DataSource) {}

  list(): Promise<UnitRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM units ORDER BY code`);
  }

  async byIds(ids: readonly string[]): Promise<UnitRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM units WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Inserts unless the code is taken; null then. */
  async insert(unit: { code: string; name: string; kind: UnitKind; parentId: string | null }): Promise<UnitRecord | null> {
    const rows: UnitRecord[] = await this.db.query(
      `INSERT INTO units (code, name, kind, parent_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [unit.code, unit.name, unit.kind, unit.parentId],
    );
    return rows[0] ?? null;
  }
}
