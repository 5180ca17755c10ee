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

function register<T extends string>(name: string, description: string, labels: Record<T, string>): Record<T, T> {
  const values = Object.fromEntries(Object.keys(labels).map((k) => [k, k])) as Record<T, T>;
  const valuesMap = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, { description: v as string }]),
  ) as Partial<Record<T, { description: string }>>;
  registerEnumType(values, { name, description, valuesMap });
  return values;
}

export const EcoCategoryEnum = register(
  'EcoCategory',
  'The category of an indicator (指标类别), as in the plan’s table (专栏2)',
  CATEGORY_LABELS,
);
export const EcoAttributeEnum = register(
  'EcoAttribute',
  'The attribute of an indicator (指标属性): binding (约束性) or expected (预期性), each weighted in the score',
  ATTRIBUTE_LABELS,
);
export const EcoDirectionEnum = register(
  'EcoDirection',
  'How a value is judged: trajectories (HIGHER_BETTER, LOWER_BETTER) against the path from baseline to final ' +
    'target, thresholds (AT_LEAST, AT_MOST, EXACTLY) against a target that holds every year',
  DIRECTION_LABELS,
);
export const PeriodKindEnum = register(
  'EcoPeriodKind',
  'How often an indicator is reported (报送周期): monthly, quarterly or yearly',
  PERIOD_KIND_LABELS,
);
export const EcoUnitRoleEnum = register(
  'EcoUnitRole',
  'A unit’s part in an indicator: the lead (牵头单位) or a contributor (配合单位)',
  UNIT_ROLE_LABELS,
);
export const EcoReportStateEnum = register(
  'EcoReportState',
  'Where a reported value stands (报送状态): waiting for the office, confirmed, returned, or corrected by a later one',
  REPORT_STATE_LABELS,
);
export const EcoStatusEnum = register(
  'EcoStatus',
  'The status (状态) of an indicator in a period: the judgement of its confirmed value, or why there is none yet',
  STATUS_LABELS,
);
export const EcoAuditActionEnum = register(
  'EcoAuditAction',
  'What an eco-report audit row records (操作): a change of an indicator or the settings, a report or a decision',
  AUDIT_ACTION_LABELS,
);
