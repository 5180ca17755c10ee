import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import type { DistrictRecord } from './district.record.js';
import { DistrictsRepository } from './districts.repository.js';

@Injectable()
export class DistrictsService {
  constructor(private readonly repo: DistrictsRepository) {}

  /** What a caller may name: the city's roles every district, a district's caller its own. */
  async visibleTo(caller: Caller | null): Promise<DistrictRecord[]> {
    const all = await this.repo.list();
    if (caller && caller.districtId === null) return all;
    return all.filter((d) => d.id === caller?.districtId);
  }

  byIds(ids: readonly string[]): Promise<(DistrictRecord | null)[]> {
    return this.repo.byIds(ids);
  }
}
