// GraphQL enums: English names in the API, their Chinese labels (labels.ts) as the values' descriptions.
import { registerEnumType } from '@nestjs/graphql';
import type {
  ComplaintFinding,
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  Role,
  Satisfaction,
} from '../../workflows/issue.types.js';
import type { IssueCategory } from '../issues/issue.record.js';
import type { UnitKind } from '../units/unit.record.js';
import {
  CATEGORY_LABELS,
  DEADLINE_KIND_LABELS,
  ESCALATION_LABELS,
  EVENT_LABELS,
  FINDING_LABELS,
  ROLE_LABELS,
  SATISFACTION_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
  UNIT_KIND_LABELS,
} from './labels.js';

function register<T extends string>(name: string, description: string, labels: Record<T, string>): Record<T, T> {
  const values = Object.fromEntries(Object.keys(labels).map((k) => [k, k])) as Record<T, T>;
  const valuesMap = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, { description: v as string }]),
  ) as Partial<Record<T, { description: string }>>;
  registerEnumType(values, { name, description, valuesMap });
  return values;
}

export const IssueSourceEnum = register<IssueSource>(
  'IssueSource',
  'Where a problem came from (问题来源): an inspection, a citizen complaint or a self-check',
  SOURCE_LABELS,
);

export const IssueStateEnum = register<IssueState>(
  'IssueState',
  'The top-level state of a problem (办理状态); Issue.substate carries the detail',
  STATE_LABELS,
);

export const IssueCategoryEnum = register<IssueCategory>(
  'IssueCategory',
  'The environmental field a problem belongs to (问题类别)',
  CATEGORY_LABELS,
);

export const UnitKindEnum = register<UnitKind>(
  'UnitKind',
  'What kind of responsible unit (责任单位) it is: a department, a town or a street',
  UNIT_KIND_LABELS,
);

export const RoleEnum = register<Role>(
  'Role',
  'What a token may do: the rectification office (整改办), a responsible unit (责任单位) or a leader (区领导, read only)',
  ROLE_LABELS,
);

export const DeadlineKindEnum = register<DeadlineKind>(
  'DeadlineKind',
  'How a deadline (整改时限) is set: a date, immediate (the end of the next working day) or long-term (never overdue)',
  DEADLINE_KIND_LABELS,
);

export const ComplaintFindingEnum = register<ComplaintFinding>(
  'ComplaintFinding',
  'Whether a citizen complaint proved true (是否属实), as the lead unit finds on submission',
  FINDING_LABELS,
);

export const SatisfactionEnum = register<Satisfaction>(
  'Satisfaction',
  'The complainant’s satisfaction on follow-up (回访满意度), recorded when a complaint is closed',
  SATISFACTION_LABELS,
);

export const EscalationLevelEnum = register<EscalationLevel>(
  'EscalationLevel',
  'How far a problem the unit holds has escalated as its deadline nears and passes (预警 → 督办 → 挂牌督办)',
  ESCALATION_LABELS,
);

export const IssueEventTypeEnum = register<LoggedEventType>(
  'IssueEventType',
  'An event in a problem’s life (办理事项), as the machine and the audit log name it; file (登记) starts every log and is ' +
    'never in allowedEvents',
  EVENT_LABELS,
);
