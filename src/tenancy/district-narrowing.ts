// The city reading one district (issue #28, the city's map): a CITY_OFFICE or CITY_LEADER request naming a district in
// `X-Rectify-District: <id>` runs in that district's setting — row security narrows every read to it — and, for that
// request, changes nothing (read-only, as a screen token). A district's own token may name only its own district (the
// header then changes nothing); another district's id, an unknown one or a malformed one is refused before any work.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { isCityRole } from '../auth/policy.js';
import { cityWide } from './district-scope.js';

/** The request header a city caller names the district it reads with (lower case, as Node hands headers). */
export const DISTRICT_HEADER = 'x-rectify-district';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refusal, in the gate's shape: HTTP status, the contract's code, the words. */
export interface NarrowingRefusal {
  status: number;
  code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND';
  message: string;
}

export type Narrowing = { caller: Caller | null } | { refusal: NarrowingRefusal };

/**
 * What the header makes of the caller: unchanged without it (or a district token naming its own district); a city
 * caller narrowed to the district (its id as the caller's district, read-only); otherwise a refusal. `known` says
 * whether an id is a district's (not the city's own row).
 */
export async function narrowCaller(
  caller: Caller | null,
  header: string | string[] | undefined,
  known: (districtId: string) => Promise<boolean>,
): Promise<Narrowing> {
  if (header === undefined) return { caller };
  if (Array.isArray(header) || !UUID.test(header.trim()))
    return {
      refusal: { status: 400, code: 'BAD_USER_INPUT', message: `${DISTRICT_HEADER} must name one district by its id` },
    };
  const id = header.trim().toLowerCase();
  if (!caller || !isCityRole(caller.role)) {
    if (caller && caller.districtId === id) return { caller };
    return {
      refusal: { status: 403, code: 'FORBIDDEN', message: 'Only the city’s roles may read another district' },
    };
  }
  if (!(await known(id))) return { refusal: { status: 404, code: 'NOT_FOUND', message: 'No such district' } };
  return { caller: { ...caller, districtId: id, readOnly: true } };
}

/** The districts' ids, kept in memory (a district is added rarely): read again when an id is not among them. */
@Injectable()
export class DistrictDirectory {
  private ids: Promise<Set<string>> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async has(id: string): Promise<boolean> {
    if ((await this.load(false)).has(id)) return true;
    return (await this.load(true)).has(id);
  }

  private load(fresh: boolean): Promise<Set<string>> {
    if (fresh || !this.ids) {
      const loading = cityWide(() => this.db.query(`SELECT id FROM districts WHERE kind = 'DISTRICT'`)).then(
        (rows: { id: string }[]) => new Set(rows.map((r) => r.id)),
      );
      // A failed read is not kept: the next request reads again.
      loading.catch(() => {
        if (this.ids === loading) this.ids = null;
      });
      this.ids = loading;
    }
    return this.ids;
  }
}
