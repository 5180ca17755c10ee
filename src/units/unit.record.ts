export const UNIT_KINDS = ['DEPARTMENT', 'TOWN', 'STREET', 'OTHER'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitRecord {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

/** The nil uuid, which no unit has: the derived rows' stand-in for "no lead unit yet", and a scope that matches none. */
export const NO_UNIT = '00000000-0000-0000-0000-000000000000';
