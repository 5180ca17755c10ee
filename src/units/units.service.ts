import { Injectable } from '@nestjs/common';
import { badInput } from '../common/domain-error.js';
import type { UnitKind, UnitRecord } from './unit.record.js';
import { UnitsRepository } from './units.repository.js';

@Injectable()
export class UnitsService {
  constructor(private readonly units: UnitsRepository) {}

  list(): Promise<UnitRecord[]> {
    return this.units.list();
  }

  async byId(id: string): Promise<UnitRecord | null> {
    return (await this.units.byIds([id]))[0] ?? null;
  }

  /** Ids that do not name a unit. */
  async unknownIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = new Set((await this.units.byIds(ids)).map((u) => u.id));
    return ids.filter((id) => !found.has(id));
  }

  async create(input: { code: string; name: string; kind: UnitKind; parentId: string | null }): Promise<UnitRecord> {
    if (input.parentId && !(await this.byId(input.parentId)))
      throw badInput(['parentId'], '所指的上级单位不存在', 'UNKNOWN_REFERENCE');
    const unit = await this.units.insert(input);
    if (!unit) throw badInput(['code'], '已有单位使用此编码', 'TAKEN');
    return unit;
  }
}
