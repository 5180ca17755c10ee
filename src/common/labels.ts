// Every Chinese label of the problem's enums, written once: the schema's enum descriptions (graphql-enums.ts), the
// refusal messages, and the dashboard, which loads them as /assets/labels.js (dashboard-labels.ts). The eco-report's
// labels live with its types (src/eco/eco.types.ts) and are served the same way.
import type {
  ComplaintFinding,
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  Role,
  Satisfaction,
  SignOffStep,
  Substate,
} from '../../workflows/issue.types.js';
import type { AccountabilityKind } from '../accountability/accountability.record.js';
import type { LookbackCampaignStatus, LookbackFinding, LookbackItemStatus } from '../lookback/lookback.repository.js';
import type { IssueCategory } from '../issues/issue.record.js';
import type { UnitKind } from '../units/unit.record.js';

export const SOURCE_LABELS: Record<IssueSource, string> = {
  CENTRAL_INSPECTION: '中央生态环境保护督察',
  MUNICIPAL_INSPECTION: '市级生态环境保护例行督察',
  UNDERCOVER_INSPECTION: '市区两级暗访督察',
  SPECIAL_INSPECTION: '专项督察',
  PUBLIC_COMPLAINT: '群众举报 / 信访投诉',
  SELF_INSPECTION: '举一反三 自查',
};

/** The same sources as a table column names them. */
export const SOURCE_SHORT_LABELS: Record<IssueSource, string> = {
  CENTRAL_INSPECTION: '中央督察',
  MUNICIPAL_INSPECTION: '市级督察',
  UNDERCOVER_INSPECTION: '暗访督察',
  SPECIAL_INSPECTION: '专项督察',
  PUBLIC_COMPLAINT: '群众举报',
  SELF_INSPECTION: '举一反三',
};

export const STATE_LABELS: Record<IssueState, string> = {
  FILED: '已登记',
  ASSIGNED: '已交办',
  RECTIFYING: '整改中',
  VERIFIED: '已验收',
  CLOSED: '已销号',
  REVISITED: '已回头看',
};

/** Sub-states say whose move it is. */
export const SUBSTATE_LABELS: Record<Substate, string> = {
  FILED: '已登记（待交办）',
  ASSIGNED: '已交办（待签收）',
  'RECTIFYING.inProgress': '整改中',
  'RECTIFYING.departmentReview': '已申请销号（待主管部门审核）',
  'RECTIFYING.submitted': '已申请销号（待验收）',
  'VERIFIED.leadershipApproval': '已验收（待领导审批）',
  'VERIFIED.publicNotice': '销号公示中',
  'VERIFIED.objected': '公示有异议（待整改办处理）',
  'VERIFIED.cityReview': '待市级审核',
  'VERIFIED.signedOff': '已验收（待销号）',
  CLOSED: '已销号',
  REVISITED: '已回头看',
};

/** The sign-off chain's steps besides the office's acceptance (签批环节). */
export const SIGN_OFF_STEP_LABELS: Record<SignOffStep, string> = {
  DEPARTMENT_REVIEW: '主管部门审核',
  LEADERSHIP_APPROVAL: '领导审批',
  PUBLIC_NOTICE: '销号公示',
  CITY_REVIEW: '市级审核',
};

/** The stages of the road to 销号 the table counts (src/reports/closure-stages.query.ts). */
export const CLOSURE_STAGE_LABELS = {
  DEPARTMENT_REVIEW: '主管部门审核',
  OFFICE_ACCEPTANCE: '整改办验收',
  LEADERSHIP_APPROVAL: '领导审批',
  PUBLIC_NOTICE: '销号公示',
  CITY_REVIEW: '市级审核',
  CLOSING: '待销号',
} as const;

/** What each event is called on the dashboard, in messages and in the office's documents. */
export const EVENT_LABELS: Record<LoggedEventType, string> = {
  file: '登记',
  assign: '交办',
  reassign: '改派',
  accept: '签收',
  return: '退回',
  reportProgress: '报告进展',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  submit: '申请销号',
  verify: '验收',
  signOff: '签批',
  sendBack: '退回整改',
  setPlan: '报送整改方案',
  returnPlan: '退回整改方案',
  completeMilestone: '完成节点',
  escalateMilestone: '节点预警督办',
  reportPart: '报告配合任务',
  waivePart: '免除配合任务',
  object: '公示异议',
  dismissObjection: '异议不成立',
  close: '销号',
  revisit: '回头看',
  publish: '信息公开',
  escalate: '升级督办',
  markDuplicate: '标记重复',
  superviseOrder: '下发督办单',
  replyToOrder: '回复督办单',
  decideOrderReply: '审核督办回复',
  instruct: '领导批示',
  acknowledgeInstruction: '签收批示',
};

export const CATEGORY_LABELS: Record<IssueCategory, string> = {
  AIR: '大气',
  WATER: '水',
  SOIL: '土壤',
  SOLID_WASTE: '固体废物',
  NOISE: '噪声',
  ECOLOGY: '生态',
  RADIATION: '辐射',
  OTHER: '其他',
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  DEPARTMENT: '部门',
  TOWN: '镇',
  STREET: '街道',
  OTHER: '其他',
};

export const ROLE_LABELS: Record<Role, string> = {
  OFFICE: '区整改办',
  UNIT: '责任单位',
  LEADER: '区领导',
  CITY_OFFICE: '市整改办',
  CITY_LEADER: '市领导',
};

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  DATE: '限期整改',
  IMMEDIATE: '立行立改',
  LONG_TERM: '长期坚持',
};

export const FINDING_LABELS: Record<ComplaintFinding, string> = {
  SUBSTANTIATED: '属实',
  PARTLY_SUBSTANTIATED: '部分属实',
  UNFOUNDED: '不属实',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  SATISFIED: '满意',
  BASICALLY_SATISFIED: '基本满意',
  UNSATISFIED: '不满意',
};

export const ESCALATION_LABELS: Record<EscalationLevel, string> = {
  NONE: '无',
  WARNING: '预警',
  SUPERVISION: '督办',
  NAMED_SUPERVISION: '挂牌督办',
};

/** The service's own names in the log's actor column, as people read them (a token's label reads as written). */
export const ACTOR_LABELS: Record<string, string> = {
  'system:deadline-sweep': '系统（时限巡查）',
  bootstrap: '整改办（初始令牌）',
};

/** A supervision order's standing (督办单状态). */
export const ORDER_STATUS_LABELS = {
  AWAITING_REPLY: '待回复',
  REPLIED: '已回复待审核',
  CLOSED: '已办结',
} as const;
/** What the office decides against a unit that rectifies badly (追责问责); the score deducts for each (eco-score.ts). */
export const ACCOUNTABILITY_KIND_LABELS: Record<AccountabilityKind, string> = {
  INTERVIEW: '约谈',
  PUBLIC_CRITICISM: '通报批评',
  ACCOUNTABILITY: '问责',
};

/** What a unit's self-check (回头看自查) found, as a button or a cell says it; the schema describes each at length. */
export const LOOKBACK_FINDING_SHORT_LABELS: Record<LookbackFinding, string> = {
  HOLDING: '整改成效巩固',
  REBOUNDED: '反弹',
};
/** Where a problem of a look-back campaign is, as a cell says it. */
export const LOOKBACK_ITEM_STATUS_LABELS: Record<LookbackItemStatus, string> = {
  AWAITING_REPORT: '待自查报送',
  REPORTED: '已报送待认定',
  CONCLUDED: '已认定',
  WITHDRAWN: '已撤回',
};
/** Where a look-back campaign is, as a cell says it. */
export const LOOKBACK_CAMPAIGN_STATUS_LABELS: Record<LookbackCampaignStatus, string> = {
  OPEN: '进行中',
  COMPLETED: '已完成',
  ENDED: '已结束',
};
