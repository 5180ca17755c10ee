import { EntitySchema } from 'typeorm';
import type { UnitRecord } from './unit.record.js';

/** `units` as TypeORM maps it: a unit's plain reads and writes go through its repository (migrations own the table). */
export const UnitEntity = new EntitySchema<UnitRecord>({
  name: 'Unit',
  tableName: 'units',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    code: { type: 'text', unique: true },
    name: { type: 'text' },
    kind: { type: 'text' },
    parentId: { type: 'uuid', name: 'parent_id', nullable: true },
  },
});
