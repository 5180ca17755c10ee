import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitKind, UnitRecord } from './unit.record.js';

const COLUMNS = `id, code, name, kind, parent_id AS "parentId"`;

/** The unit whose id is the SQL expression `id`, as one json column a UnitRecord parses from (null for none). */
export const unitJsonOf = (id: string) =>
  `(SELECT json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'parentId', u.parent_id) FROM units u WHERE u.id = ${id})`;

@Injectable()
export class UnitsRepository {
  constructor(private readonly db: DataSource) {}

  list(): Promise<UnitRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM units ORDER BY code`);
  }

  async byIds(ids: readonly string[]): Promise<UnitRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM units WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Whether `unitId` is `ancestorId` or lies under it. */
  async isWithin(unitId: string, ancestorId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM units WHERE id = $1
         UNION ALL SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = $2`,
      [unitId, ancestorId],
    );
    return rows.length > 0;
  }

  /** Inserts unless the code is taken; null then. */
  async insert(unit: {
    code: string;
    name: string;
    kind: UnitKind;
    parentId: string | null;
  }): Promise<UnitRecord | null> {
    const rows: UnitRecord[] = await this.db.query(
      `INSERT INTO units (code, name, kind, parent_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [unit.code, unit.name, unit.kind, unit.parentId],
    );
    return rows[0] ?? null;
  }
}
