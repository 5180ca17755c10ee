import type { Actor, Role } from '../../workflows/issue.types.js';

/** The authenticated client behind a request. */
export interface Caller {
  tokenId: string;
  role: Role;
  unitId: string | null;
  /**
   * The district the token belongs to: its queries run in it (row-level security, `rectify.district`); null for the
   * city's roles (CITY_OFFICE, CITY_LEADER), which read every district.
   */
  districtId: string | null;
  /** Who, as written in the audit log: the token's label, never its secret. */
  label: string;
  /** A screen token (大屏令牌): reads as its role, changes nothing (policy.ts, mayWrite). Absent: false. */
  readOnly?: boolean;
}

export const actorOf = (caller: Caller): Actor => ({ role: caller.role, unitId: caller.unitId });
