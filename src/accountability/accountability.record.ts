// Accountability records (约谈, 通报批评, 问责): what the office decided against a unit, as stored and as read.
import type { UnitRecord } from '../units/unit.record.js';

export const ACCOUNTABILITY_KINDS = ['INTERVIEW', 'PUBLIC_CRITICISM', 'ACCOUNTABILITY'] as const;
export type AccountabilityKind = (typeof ACCOUNTABILITY_KINDS)[number];

/** A problem a record concerns, as the record shows it. */
export interface AccountabilityProblem {
  id: string;
  code: string;
  title: string;
}

export interface AccountabilityRecord {
  id: string;
  kind: AccountabilityKind;
  unit: UnitRecord;
  /** Personal data: null in what a unit reads (policy.maySeeAccountablePerson). */
  personName: string | null;
  personPost: string | null;
  documentNumber: string;
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  decidedOn: string;
  reason: string;
  problems: AccountabilityProblem[];
  recordedAt: Date;
  recordedBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

/** A unit's records decided in a period that still stand, by kind: what its score deducts for. */
export type AccountabilityCounts = Record<AccountabilityKind, number>;

export const NO_ACCOUNTABILITY: AccountabilityCounts = { INTERVIEW: 0, PUBLIC_CRITICISM: 0, ACCOUNTABILITY: 0 };
