import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { cityWide } from '../tenancy/district-scope.js';
import type { DistrictRecord } from './district.record.js';

const COLUMNS = `id, name, code, kind`;

/** The districts table is global (no row security): reads run city-wide so any session may name them. */
@Injectable()
export class DistrictsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every district (not the city's own row), by 行政区划代码. */
  list(): Promise<DistrictRecord[]> {
    return cityWide(
      () =>
        this.db.query(`SELECT ${COLUMNS} FROM districts WHERE kind = 'DISTRICT' ORDER BY code, id`) as Promise<
          DistrictRecord[]
        >,
    );
  }

  /** The city's own row (none in a single-district deployment). */
  async city(): Promise<DistrictRecord | null> {
    const rows = (await cityWide(() =>
      this.db.query(`SELECT ${COLUMNS} FROM districts WHERE kind = 'CITY'`),
    )) as DistrictRecord[];
    return rows[0] ?? null;
  }

  async byIds(ids: readonly string[]): Promise<(DistrictRecord | null)[]> {
    const rows = (await cityWide(() =>
      this.db.query(`SELECT ${COLUMNS} FROM districts WHERE id = ANY($1::uuid[])`, [ids]),
    )) as DistrictRecord[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
