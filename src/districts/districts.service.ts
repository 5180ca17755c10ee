import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DEFAULT_DISTRICT_ID } from '../tenancy/district-scope.js';
import type { DistrictRecord } from './district.record.js';
import { DistrictsRepository } from './districts.repository.js';

@Injectable()
export class DistrictsService {
  constructor(
    private readonly repo: DistrictsRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'districtName'>,
  ) {}

  /** What a caller may name: the city's roles every district, a district's caller its own. */
  async visibleTo(caller: Caller | null): Promise<DistrictRecord[]> {
    const all = await this.repo.list();
    if (caller && caller.districtId === null) return all;
    return all.filter((d) => d.id === caller?.districtId);
  }

  byIds(ids: readonly string[]): Promise<(DistrictRecord | null)[]> {
    return this.repo.byIds(ids);
  }

  /**
   * The name a bulletin's title and the page header give a district (null: the city's). The default district keeps
   * RECTIFY_DISTRICT_NAME, empty when unnamed, so a single-district deployment reads as it always has; every other
   * district (and the city) is named by its row.
   */
  async nameOf(districtId: string | null): Promise<string> {
    if (districtId === DEFAULT_DISTRICT_ID) return this.config.districtName;
    if (districtId === null) return (await this.repo.city())?.name ?? '';
    return (await this.repo.byIds([districtId]))[0]?.name ?? '';
  }
}
