export const UNIT_KINDS = ['DEPARTMENT', 'TOWN', 'STREET', 'OTHER'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitRecord {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}
