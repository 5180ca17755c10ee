// The eco-report's vocabulary (生态报表): indicators of a plan's table (专栏2), their reports and their status.

export const ECO_CATEGORIES = ['ENV_QUALITY', 'EMISSION_REDUCTION', 'RISK_CONTROL', 'ECOLOGY', 'LOW_CARBON'] as const;
export type EcoCategory = (typeof ECO_CATEGORIES)[number];

export const ECO_ATTRIBUTES = ['BINDING', 'EXPECTED'] as const;
export type EcoAttribute = (typeof ECO_ATTRIBUTES)[number];

/**
 * HIGHER_BETTER / LOWER_BETTER are trajectories: progress from the baseline to the final target, judged against the
 * straight path between them (and the year's target when one is set). AT_LEAST / AT_MOST / EXACTLY are thresholds
 * that hold every year (≥330 good-air days, 100% of water at class III).
 */
export const ECO_DIRECTIONS = ['HIGHER_BETTER', 'LOWER_BETTER', 'AT_LEAST', 'AT_MOST', 'EXACTLY'] as const;
export type EcoDirection = (typeof ECO_DIRECTIONS)[number];

export const PERIOD_KINDS = ['MONTH', 'QUARTER', 'YEAR'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const ECO_UNIT_ROLES = ['LEAD', 'CONTRIBUTOR'] as const;
export type EcoUnitRole = (typeof ECO_UNIT_ROLES)[number];

export const ECO_REPORT_STATES = ['SUBMITTED', 'CONFIRMED', 'RETURNED', 'SUPERSEDED'] as const;
export type EcoReportState = (typeof ECO_REPORT_STATES)[number];

export const ECO_STATUSES = [
  'ON_TRACK',
  'AT_RISK',
  'OFF_TRACK',
  'PENDING_TARGET',
  'MISSING',
  'AWAITING_REPORT',
  'AWAITING_CONFIRMATION',
] as const;
export type EcoStatus = (typeof ECO_STATUSES)[number];

/** The statuses a confirmed value can be judged to. */
export type Judgement = Extract<EcoStatus, 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'PENDING_TARGET'>;

export const ECO_AUDIT_ACTIONS = [
  'INDICATOR_CREATED',
  'INDICATOR_UPDATED',
  'INDICATOR_DELETED',
  'REPORTED',
  'CONFIRMED',
  'RETURNED',
  'SUPERSEDED',
  'SETTINGS_UPDATED',
] as const;
export type EcoAuditAction = (typeof ECO_AUDIT_ACTIONS)[number];

export const CATEGORY_LABELS: Record<EcoCategory, string> = {
  ENV_QUALITY: '环境质量改善',
  EMISSION_REDUCTION: '污染物减排',
  RISK_CONTROL: '环境风险控制',
  ECOLOGY: '生态保护',
  LOW_CARBON: '低碳发展',
};

export const ATTRIBUTE_LABELS: Record<EcoAttribute, string> = { BINDING: '约束性', EXPECTED: '预期性' };

export const DIRECTION_LABELS: Record<EcoDirection, string> = {
  HIGHER_BETTER: '越高越好（按进度）',
  LOWER_BETTER: '越低越好（按进度）',
  AT_LEAST: '不低于',
  AT_MOST: '不高于',
  EXACTLY: '等于',
};

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { MONTH: '月', QUARTER: '季度', YEAR: '年' };

export const UNIT_ROLE_LABELS: Record<EcoUnitRole, string> = { LEAD: '牵头单位', CONTRIBUTOR: '配合单位' };

export const REPORT_STATE_LABELS: Record<EcoReportState, string> = {
  SUBMITTED: '已报送，待确认',
  CONFIRMED: '已确认',
  RETURNED: '已退回',
  SUPERSEDED: '已被更正',
};

export const STATUS_LABELS: Record<EcoStatus, string> = {
  ON_TRACK: '达标',
  AT_RISK: '预警',
  OFF_TRACK: '滞后',
  PENDING_TARGET: '目标待下达',
  MISSING: '逾期未报',
  AWAITING_REPORT: '待报送',
  AWAITING_CONFIRMATION: '待确认',
};

export const AUDIT_ACTION_LABELS: Record<EcoAuditAction, string> = {
  INDICATOR_CREATED: '新增指标',
  INDICATOR_UPDATED: '修改指标',
  INDICATOR_DELETED: '删除指标',
  REPORTED: '报送',
  CONFIRMED: '确认',
  RETURNED: '退回',
  SUPERSEDED: '被更正',
  SETTINGS_UPDATED: '修改评分设置',
};
