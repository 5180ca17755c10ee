// Rows of the eco-report as the services use them.
import type { Role } from '../../workflows/issue.types.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { ScoreWeights } from './eco-score.js';
import type {
  EcoAttribute,
  EcoAuditAction,
  EcoCategory,
  EcoDirection,
  EcoReportState,
  EcoUnitRole,
  PeriodKind,
} from './eco.types.js';

/** Who acts, as the audit records it; a Caller fits, and so does the demo seeder's stand-in (no token). */
export interface EcoActor {
  role: Role;
  unitId: string | null;
  label: string;
  tokenId: string | null;
}

export interface EcoYearTargetRecord {
  year: number;
  /** null: pending (由市级下达). */
  value: number | null;
  note: string | null;
}

export interface EcoIndicatorUnitRecord {
  unit: UnitRecord;
  role: EcoUnitRole;
  /** The unit's own part of a split target; null when the unit shares the district's result. */
  targetShare: number | null;
  note: string | null;
}

export interface EcoIndicatorFields {
  code: string;
  seq: number;
  name: string;
  category: EcoCategory;
  attribute: EcoAttribute;
  measureUnit: string;
  direction: EcoDirection;
  frequency: PeriodKind;
  baselineYear: number;
  baselineValue: number | null;
  baselineLabel: string | null;
  finalTargetYear: number;
  finalTargetValue: number | null;
  finalTargetNote: string | null;
  atRiskMargin: number;
  note: string | null;
}

export interface EcoIndicatorRecord extends EcoIndicatorFields {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  yearlyTargets: EcoYearTargetRecord[];
  units: EcoIndicatorUnitRecord[];
}

export interface EcoReportRecord {
  id: string;
  indicatorId: string;
  indicatorCode: string;
  indicatorName: string;
  unitId: string;
  periodKey: string;
  value: number;
  sourceNote: string;
  evidenceIds: string[];
  state: EcoReportState;
  reason: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  reportedBy: string;
  reportedByRole: Role;
  reportedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
}

export interface EcoAuditRecord {
  id: string;
  at: Date;
  actor: string;
  actorRole: Role;
  actorUnitId: string | null;
  action: EcoAuditAction;
  indicatorId: string | null;
  reportId: string | null;
  unitId: string | null;
  periodKey: string | null;
  comment: string | null;
  payload: Record<string, unknown>;
}

export interface EcoSettingsRecord extends ScoreWeights {
  reportDueWorkingDays: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}
