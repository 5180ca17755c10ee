import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { UnitEntity } from './unit.entity.js';
import type { UnitKind, UnitRecord } from './unit.record.js';

/** The unit whose id is the SQL expression `id`, as one json column a UnitRecord parses from (null for none). */
export const unitJsonOf = (id: string) =>
  `(SELECT json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'parentId', u.parent_id) FROM units u WHERE u.id = ${id})`;

@Injectable()
export class UnitsRepository {
  constructor(private readonly db: DataSource) {}

  private get units() {
    return this.db.getRepository(UnitEntity);
  }

  list(): Promise<UnitRecord[]> {
    return this.units.find({ order: { code: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<UnitRecord[]> {
    return ids.length === 0 ? [] : this.units.findBy({ id: In([...ids]) });
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
    const inserted = await this.units.createQueryBuilder().insert().values(unit).orIgnore().execute();
    const id = (inserted.identifiers[0] as { id?: string } | undefined)?.id;
    return id ? this.units.findOneBy({ id }) : null;
  }
}
