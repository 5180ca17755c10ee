// GraphQL enums: English names in the API, Chinese labels in their descriptions.
import { registerEnumType } from '@nestjs/graphql';
import type { ComplaintFinding, DeadlineKind, EscalationLevel, IssueSource, IssueState, Role, Satisfaction } from '../../workflows/issue.types.js';
import type { IssueCategory } from '../issues/issue.record.js';
import type { UnitKind } from '../units/unit.record.js';

function register<T extends string>(name: string, labels: Record<T, string>): Record<T, T> {
  const values = Object.fromEntries(Object.keys(labels).map((k) => [k, k])) as Record<T, T>;
  const valuesMap = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, { description: v as string }]),
  ) as Partial<Record<T, { description: string }>>;
  registerEnumType(values, { name, valuesMap });
  return values;
}

export const IssueSourceEnum = register<IssueSource>('IssueSource', {
  CENTRAL_INSPECTION: '中央生态环境保护督察',
  MUNICIPAL_INSPECTION: '市级生态环境保护例行督察',
  UNDERCOVER_INSPECTION: '市区两级暗访督察',
  SPECIAL_INSPECTION: '专项督察',
  PUBLIC_COMPLAINT: '群众举报 / 信访投诉',
  SELF_INSPECTION: '举一反三 自查',
});

export const IssueStateEnum = register<IssueState>('IssueState', {
  FILED: '已登记',
  ASSIGNED: '已交办',
  RECTIFYING: '整改中',
  VERIFIED: '已验收',
  CLOSED: '已销号',
  REVISITED: '已回头看',
});

export const IssueCategoryEnum = register<IssueCategory>('IssueCategory', {
  AIR: '大气',
  WATER: '水',
  SOIL: '土壤',
  SOLID_WASTE: '固体废物',
  NOISE: '噪声',
  ECOLOGY: '生态',
  RADIATION: '辐射',
  OTHER: '其他',
});

export const UnitKindEnum = register<UnitKind>('UnitKind', {
  DEPARTMENT: '部门',
  TOWN: '镇',
  STREET: '街道',
  OTHER: '其他',
});

export const RoleEnum = register<Role>('Role', {
  OFFICE: '整改办',
  UNIT: '责任单位',
  LEADER: '区领导',
});

export const DeadlineKindEnum = register<DeadlineKind>('DeadlineKind', {
  DATE: '限期整改',
  IMMEDIATE: '立行立改',
  LONG_TERM: '长期坚持',
});

export const ComplaintFindingEnum = register<ComplaintFinding>('ComplaintFinding', {
  SUBSTANTIATED: '属实',
  PARTLY_SUBSTANTIATED: '部分属实',
  UNFOUNDED: '不属实',
});

export const SatisfactionEnum = register<Satisfaction>('Satisfaction', {
  SATISFIED: '满意',
  BASICALLY_SATISFIED: '基本满意',
  UNSATISFIED: '不满意',
});

export const EscalationLevelEnum = register<EscalationLevel>('EscalationLevel', {
  NONE: '无',
  WARNING: '预警',
  SUPERVISION: '督办',
  NAMED_SUPERVISION: '挂牌督办',
});
