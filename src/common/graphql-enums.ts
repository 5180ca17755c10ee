// GraphQL enums: English names in the API, Chinese labels in their descriptions.
import { registerEnumType } from '@nestjs/graphql';
import type {
  ComplaintFinding, DeadlineKind, EscalationLevel, IssueSource, IssueState, LoggedEventType, Role, Satisfaction,
} from '../../workflows/issue.types.js';
import type { IssueCategory } from '../issues/issue.record.js';
import { EVENT_LABELS } from '../issues/transition-refusal.js';
import type { UnitKind } from '../units/unit.record.js';

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
  {
    CENTRAL_INSPECTION: '中央生态环境保护督察',
    MUNICIPAL_INSPECTION: '市级生态环境保护例行督察',
    UNDERCOVER_INSPECTION: '市区两级暗访督察',
    SPECIAL_INSPECTION: '专项督察',
    PUBLIC_COMPLAINT: '群众举报 / 信访投诉',
    SELF_INSPECTION: '举一反三 自查',
  },
);

export const IssueStateEnum = register<IssueState>(
  'IssueState',
  'The top-level state of a problem (办理状态); Issue.substate carries the detail',
  {
    FILED: '已登记',
    ASSIGNED: '已交办',
    RECTIFYING: '整改中',
    VERIFIED: '已验收',
    CLOSED: '已销号',
    REVISITED: '已回头看',
  },
);

export const IssueCategoryEnum = register<IssueCategory>(
  'IssueCategory',
  'The environmental field a problem belongs to (问题类别)',
  {
    AIR: '大气',
    WATER: '水',
    SOIL: '土壤',
    SOLID_WASTE: '固体废物',
    NOISE: '噪声',
    ECOLOGY: '生态',
    RADIATION: '辐射',
    OTHER: '其他',
  },
);

export const UnitKindEnum = register<UnitKind>(
  'UnitKind',
  'What kind of responsible unit (责任单位) it is: a department, a town or a street',
  {
    DEPARTMENT: '部门',
    TOWN: '镇',
    STREET: '街道',
    OTHER: '其他',
  },
);

export const RoleEnum = register<Role>(
  'Role',
  'What a token may do: the rectification office (整改办), a responsible unit (责任单位) or a leader (区领导, read only)',
  {
    OFFICE: '整改办',
    UNIT: '责任单位',
    LEADER: '区领导',
  },
);

export const DeadlineKindEnum = register<DeadlineKind>(
  'DeadlineKind',
  'How a deadline (整改时限) is set: a date, immediate (the end of the next working day) or long-term (never overdue)',
  {
    DATE: '限期整改',
    IMMEDIATE: '立行立改',
    LONG_TERM: '长期坚持',
  },
);

export const ComplaintFindingEnum = register<ComplaintFinding>(
  'ComplaintFinding',
  'Whether a citizen complaint proved true (是否属实), as the lead unit finds on submission',
  {
    SUBSTANTIATED: '属实',
    PARTLY_SUBSTANTIATED: '部分属实',
    UNFOUNDED: '不属实',
  },
);

export const SatisfactionEnum = register<Satisfaction>(
  'Satisfaction',
  'The complainant’s satisfaction on follow-up (回访满意度), recorded when a complaint is closed',
  {
    SATISFIED: '满意',
    BASICALLY_SATISFIED: '基本满意',
    UNSATISFIED: '不满意',
  },
);

export const EscalationLevelEnum = register<EscalationLevel>(
  'EscalationLevel',
  'How far a problem the unit holds has escalated as its deadline nears and passes (预警 → 督办 → 挂牌督办)',
  {
    NONE: '无',
    WARNING: '预警',
    SUPERVISION: '督办',
    NAMED_SUPERVISION: '挂牌督办',
  },
);

export const IssueEventTypeEnum = register<LoggedEventType>(
  'IssueEventType',
  'An event in a problem’s life (办理事项), as the machine and the audit log name it; file (登记) starts every log and is ' +
    'never in allowedEvents',
  { file: '登记', ...EVENT_LABELS },
);
