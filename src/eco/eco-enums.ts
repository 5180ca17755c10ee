// GraphQL enums of the eco-report: English names in the API, Chinese labels in their descriptions
// (the same pattern as common/graphql-enums.ts, whose helper is private to that file).
import { registerEnumType } from '@nestjs/graphql';
import {
  ATTRIBUTE_LABELS,
  AUDIT_ACTION_LABELS,
  CATEGORY_LABELS,
  DIRECTION_LABELS,
  PERIOD_KIND_LABELS,
  REPORT_STATE_LABELS,
  STATUS_LABELS,
  UNIT_ROLE_LABELS,
} from './eco.types.js';

function register<T extends string>(name: string, labels: Record<T, string>): Record<T, T> {
  const values = Object.fromEntries(Object.keys(labels).map((k) => [k, k])) as Record<T, T>;
  const valuesMap = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, { description: v as string }])) as Partial<
    Record<T, { description: string }>
  >;
  registerEnumType(values, { name, valuesMap });
  return values;
}

export const EcoCategoryEnum = register('EcoCategory', CATEGORY_LABELS);
export const EcoAttributeEnum = register('EcoAttribute', ATTRIBUTE_LABELS);
export const EcoDirectionEnum = register('EcoDirection', DIRECTION_LABELS);
export const PeriodKindEnum = register('EcoPeriodKind', PERIOD_KIND_LABELS);
export const EcoUnitRoleEnum = register('EcoUnitRole', UNIT_ROLE_LABELS);
export const EcoReportStateEnum = register('EcoReportState', REPORT_STATE_LABELS);
export const EcoStatusEnum = register('EcoStatus', STATUS_LABELS);
export const EcoAuditActionEnum = register('EcoAuditAction', AUDIT_ACTION_LABELS);
