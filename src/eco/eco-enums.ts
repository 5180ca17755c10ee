// GraphQL enums of the eco-report: English names in the API, Chinese labels in their descriptions.
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
import { describedEnum } from '../common/described-enum.js';

export const EcoCategoryEnum = describedEnum(
  'EcoCategory',
  'The category of an indicator (指标类别), as in the plan’s table (专栏2)',
  CATEGORY_LABELS,
);
export const EcoAttributeEnum = describedEnum(
  'EcoAttribute',
  'The attribute of an indicator (指标属性): binding (约束性) or expected (预期性), each weighted in the score',
  ATTRIBUTE_LABELS,
);
export const EcoDirectionEnum = describedEnum(
  'EcoDirection',
  'How a value is judged: trajectories (HIGHER_BETTER, LOWER_BETTER) against the path from baseline to final ' +
    'target, thresholds (AT_LEAST, AT_MOST, EXACTLY) against a target that holds every year',
  DIRECTION_LABELS,
);
export const PeriodKindEnum = describedEnum(
  'EcoPeriodKind',
  'How often an indicator is reported (报送周期): monthly, quarterly or yearly',
  PERIOD_KIND_LABELS,
);
export const EcoUnitRoleEnum = describedEnum(
  'EcoUnitRole',
  'A unit’s part in an indicator: the lead (牵头单位) or a contributor (配合单位)',
  UNIT_ROLE_LABELS,
);
export const EcoReportStateEnum = describedEnum(
  'EcoReportState',
  'Where a reported value stands (报送状态): waiting for the office, confirmed, returned, or corrected by a later one',
  REPORT_STATE_LABELS,
);
export const EcoStatusEnum = describedEnum(
  'EcoStatus',
  'The status (状态) of an indicator in a period: the judgement of its confirmed value, or why there is none yet',
  STATUS_LABELS,
);
export const EcoAuditActionEnum = describedEnum(
  'EcoAuditAction',
  'What an eco-report audit row records (操作): a change of an indicator or the settings, a report or a decision',
  AUDIT_ACTION_LABELS,
);
