// GraphQL enums: English names in the API, their Chinese labels (labels.ts) as the values' descriptions.
import type {
  ComplaintFinding,
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  OrderLevel,
  Role,
  Satisfaction,
  SignOffStep,
} from '../../workflows/issue.types.js';
import type { AccountabilityKind } from '../accountability/accountability.record.js';
import type { IssueCategory } from '../issues/issue.record.js';
import { COORDINATE_SYSTEM_LABELS, type CoordinateSystem } from '../issues/coordinates.js';
import type { UnitKind } from '../units/unit.record.js';
import {
  ACCOUNTABILITY_KIND_LABELS,
  CATEGORY_LABELS,
  DEADLINE_KIND_LABELS,
  ESCALATION_LABELS,
  EVENT_LABELS,
  FINDING_LABELS,
  ORDER_STATUS_LABELS,
  ROLE_LABELS,
  SATISFACTION_LABELS,
  SIGN_OFF_STEP_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
  UNIT_KIND_LABELS,
} from './labels.js';
import { describedEnum } from './described-enum.js';

export const IssueSourceEnum = describedEnum<IssueSource>(
  'IssueSource',
  'Where a problem came from (问题来源): an inspection, a citizen complaint or a self-check',
  SOURCE_LABELS,
);

export const IssueStateEnum = describedEnum<IssueState>(
  'IssueState',
  'The top-level state of a problem (办理状态); Issue.substate carries the detail',
  STATE_LABELS,
);

export const IssueCategoryEnum = describedEnum<IssueCategory>(
  'IssueCategory',
  'The environmental field a problem belongs to (问题类别)',
  CATEGORY_LABELS,
);

export const UnitKindEnum = describedEnum<UnitKind>(
  'UnitKind',
  'What kind of responsible unit (责任单位) it is: a department, a town or a street',
  UNIT_KIND_LABELS,
);

export const RoleEnum = describedEnum<Role>(
  'Role',
  'What a token may do: a district’s rectification office (整改办), a responsible unit (责任单位) or a leader (区领导: reads everything, and signs the leaders’ step of the sign-off chain); or the city’s office (市整改办) or leader (市领导), who read every district and change nothing yet',
  ROLE_LABELS,
);

export const DeadlineKindEnum = describedEnum<DeadlineKind>(
  'DeadlineKind',
  'How a deadline (整改时限) is set: a date, immediate (the end of the next working day) or long-term (never overdue)',
  DEADLINE_KIND_LABELS,
);

export const ComplaintFindingEnum = describedEnum<ComplaintFinding>(
  'ComplaintFinding',
  'Whether a citizen complaint proved true (是否属实), as the lead unit finds on submission',
  FINDING_LABELS,
);

export const SatisfactionEnum = describedEnum<Satisfaction>(
  'Satisfaction',
  'The complainant’s satisfaction on follow-up (回访满意度), recorded when a complaint is closed',
  SATISFACTION_LABELS,
);

export const EscalationLevelEnum = describedEnum<EscalationLevel>(
  'EscalationLevel',
  'How far a problem the unit holds has escalated as its deadline nears and passes (预警 → 督办 → 挂牌督办)',
  ESCALATION_LABELS,
);

export const OrderLevelEnum = describedEnum<OrderLevel>(
  'OrderLevel',
  'The rung a supervision order (督办单) is issued at: 督办 or 挂牌督办',
  { SUPERVISION: ESCALATION_LABELS.SUPERVISION, NAMED_SUPERVISION: ESCALATION_LABELS.NAMED_SUPERVISION },
);

export const OrderStatusEnum = describedEnum<keyof typeof ORDER_STATUS_LABELS>(
  'OrderStatus',
  'Where a supervision order stands: awaiting the unit’s written reply, replied and awaiting the office, or closed',
  ORDER_STATUS_LABELS,
);

export const IssueEventTypeEnum = describedEnum<LoggedEventType>(
  'IssueEventType',
  'An event in a problem’s life (办理事项), as the machine and the audit log name it; file (登记) starts every log and is ' +
    'never in allowedEvents',
  EVENT_LABELS,
);

export const SignOffStepEnum = describedEnum<SignOffStep>(
  'SignOffStep',
  'A step of the sign-off chain (签批链), in the order a closure policy names them: the supervising department’s review ' +
    'of a submission, before the office’s acceptance (验收, in every chain); then the leaders’ approval, the public ' +
    'notice (公示), the city’s review; then 销号',
  SIGN_OFF_STEP_LABELS,
);

export const AccountabilityKindEnum = describedEnum<AccountabilityKind>(
  'AccountabilityKind',
  'What the office decided against a unit (追责问责): an interview of its leaders (约谈), public criticism (通报批评) or ' +
    'accountability (问责)',
  ACCOUNTABILITY_KIND_LABELS,
);

export const CoordinateSystemEnum = describedEnum<CoordinateSystem>(
  'CoordinateSystem',
  'The coordinate system of a longitude / latitude pair (坐标系): WGS84 as GPS and browsers give it, GCJ02 as Chinese web maps (高德, 腾讯) show it',
  COORDINATE_SYSTEM_LABELS,
);
