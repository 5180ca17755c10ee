// A district (区县) of the city, or the city's own row: the tenants of one service (migration 1763900000042).
export const DISTRICT_KINDS = ['DISTRICT', 'CITY'] as const;
export type DistrictKind = (typeof DISTRICT_KINDS)[number];

export interface DistrictRecord {
  id: string;
  name: string;
  /** 行政区划代码, e.g. 500119 */
  code: string | null;
  kind: DistrictKind;
}
