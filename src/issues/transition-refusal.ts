// The rules say why an event is refused (a TransitionRefusalReason); this says it to an office clerk, in Chinese, and
// picks the code: FORBIDDEN for the caller's reasons, INVALID_TRANSITION for the problem's.
import type { ProblemFacts } from '../../workflows/issue.rules.js';
import {
  CALLER_REFUSAL_REASONS,
  type IssueContext,
  type IssueEventType,
  type Substate,
  type TransitionRefusalReason,
} from '../../workflows/issue.types.js';
import { DomainError } from '../common/domain-error.js';
import { EVENT_LABELS, SUBSTATE_LABELS } from '../common/labels.js';

/** What each reason means, whatever the event (the schema enum's descriptions). */
export const REFUSAL_TEXT: Record<TransitionRefusalReason, string> = {
  NOT_LEAD_UNIT: '只有该问题的牵头单位（或整改办）可以办理此事项（FORBIDDEN）',
  OFFICE_ONLY: '此事项由整改办办理（FORBIDDEN）',
  READ_ONLY: '领导账号（区领导、市领导）只能查看，不能办理（FORBIDDEN）',
  LEADER_ONLY: '领导审批环节的签批和领导批示只能由区领导办理（FORBIDDEN）',
  NOT_SUPERVISING_UNIT: '主管部门审核环节由该问题的行业主管部门签批（FORBIDDEN）',
  NOT_COOPERATING_UNIT: '只有尚有配合任务的配合单位（或整改办）可以报告配合任务（FORBIDDEN）',
  CITY_OFFICE_ONLY:
    '市级审核环节由市整改办签批或退回（区整改办可凭市级文号登记）；市整改办对区县问题只办理市级审核（FORBIDDEN）',
  WRONG_STATE: '问题当前所处的环节不能办理此事项',
  NOTICE_NOT_OVER: '销号公示期未满，公示结束后方可进入下一环节',
  NO_PLAN: '问题没有在执行的整改方案（尚未报送或已被退回）',
  PARTS_PENDING: '还有配合单位的任务未完成（或未经整改办免除），牵头单位暂不能申请销号',
  NO_PENDING_PART: '没有待完成的配合任务',
  DUPLICATE: '问题已标记为重复问题，只在原问题上继续办理（仍可信息公开）',
  EXTENSION_PENDING: '已有一项延期申请待整改办审批，审批前不能再次申请',
  NO_PENDING_EXTENSION: '当前没有待审批的延期申请',
  DEADLINE_PASSED: '整改时限已过，不能再申请延期',
  NO_DEADLINE: '问题没有整改时限（长期坚持或尚未交办），不能申请延期或升级督办',
  OPEN_CHILDREN: '还有举一反三问题未销号，不能销号',
  HAS_DUPLICATES: '问题已是其他重复问题的原问题，不能再标记为重复',
  TOP_ESCALATION_REACHED: '问题已挂牌督办，不能再升级',
  NO_OPEN_ORDER: '问题没有待回复的督办单',
  NO_ORDER_REPLY: '问题的督办单没有待审核的回复',
  NO_PENDING_INSTRUCTION: '问题没有待签收的领导批示',
};

/** What was attempted: an event, or an upload of evidence (整改佐证) that no event could attach. */
export type Attempt = IssueEventType | 'uploadEvidence';

export interface RefusalSituation {
  attempt: Attempt;
  substate: Substate;
  context: IssueContext;
  /** What this caller may do instead (allowedEvents). */
  allowedEvents: IssueEventType[];
  facts?: ProblemFacts;
}

const label = (attempt: Attempt): string => (attempt === 'uploadEvidence' ? '上传佐证' : EVENT_LABELS[attempt]);

/** "2026-03-31 18:00" in Asia/Shanghai (the office's clock), from an ISO instant. */
function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The sentence a clerk reads. */
export function refusalMessage(reason: TransitionRefusalReason, s: RefusalSituation): string {
  const what = `“${label(s.attempt)}”`;
  switch (reason) {
    case 'NOT_LEAD_UNIT':
      return `只有该问题的牵头单位（或整改办）可以${what}`;
    case 'OFFICE_ONLY':
      return `${what}由整改办办理`;
    case 'READ_ONLY':
      return `领导账号只能查看，不能${what}`;
    case 'LEADER_ONLY':
      return s.attempt === 'instruct' ? `只有区领导可以${what}` : `领导审批环节只能由区领导${what}`;
    case 'NOT_SUPERVISING_UNIT':
      return `主管部门审核环节只能由该问题的行业主管部门${what}`;
    case 'NOT_COOPERATING_UNIT':
      return `只有尚有配合任务的配合单位（或整改办）可以${what}`;
    case 'CITY_OFFICE_ONLY':
      return s.attempt === 'signOff' || s.attempt === 'sendBack'
        ? `市级审核环节只能由市整改办${what}（区整改办可凭市级文号登记）`
        : `市整改办对区县问题只办理市级审核，不能${what}；此事项由区整改办办理`;
    case 'NO_PENDING_PART':
      return `没有待完成的配合任务，不能${what}`;
    case 'PARTS_PENDING':
      return `还有配合单位的任务未完成（或未经整改办免除），不能${what}`;
    case 'NO_PLAN':
      return `问题没有在执行的整改方案（尚未报送或已被整改办退回），不能${what}`;
    case 'NOTICE_NOT_OVER':
      return `销号公示${s.context.noticeEndsAt ? `至 ${shanghaiTime(s.context.noticeEndsAt)}` : ''}，公示期满后方可${what}`;
    case 'WRONG_STATE': {
      const next =
        s.allowedEvents.length > 0 ? `当前可办理：${s.allowedEvents.map(label).join('、')}` : '您当前没有可办理的事项';
      const why = s.attempt === 'uploadEvidence' ? '，佐证无处可附（只能随报告进展、申请销号或验收提交）' : '';
      return `问题当前为“${SUBSTATE_LABELS[s.substate]}”，不能${what}${why}。${next}`;
    }
    case 'DUPLICATE':
      return `该问题已标记为重复问题，不能${what}；请在原问题上继续办理`;
    case 'EXTENSION_PENDING': {
      const asked = s.context.pendingExtension
        ? `（申请延至 ${shanghaiTime(s.context.pendingExtension.newDueAt)}）`
        : '';
      return `已有一项延期申请${asked}待整改办审批，审批前不能再次申请延期`;
    }
    case 'NO_PENDING_EXTENSION':
      return '当前没有待审批的延期申请';
    case 'DEADLINE_PASSED': {
      const due = s.context.dueAt ? `（${shanghaiTime(s.context.dueAt)}）` : '';
      return `整改时限${due}已过，不能再申请延期；请尽快完成整改并申请销号，或与整改办联系`;
    }
    case 'NO_DEADLINE':
      return `该问题${s.context.deadlineKind === 'LONG_TERM' ? '为长期坚持，' : ''}没有整改时限，不能${what}`;
    case 'OPEN_CHILDREN':
      return `还有 ${s.facts?.openChildren ?? 0} 个举一反三问题未销号，须先办结才能销号`;
    case 'HAS_DUPLICATES':
      return `该问题已是 ${s.facts?.duplicates ?? 0} 个重复问题的原问题，不能再标记为重复`;
    case 'TOP_ESCALATION_REACHED':
      return '该问题已挂牌督办，不能再升级';
    case 'NO_OPEN_ORDER':
      return `该问题没有待回复的督办单，不能${what}`;
    case 'NO_ORDER_REPLY':
      return `该问题的督办单还没有待审核的回复，不能${what}`;
    case 'NO_PENDING_INSTRUCTION':
      return `该问题没有待签收的领导批示，不能${what}`;
  }
}

/**
 * The refusal as the API answers it: FORBIDDEN with `reason` for the caller's reasons; otherwise INVALID_TRANSITION
 * with `reason`, the problem's `state` and what this caller may do instead (`allowedEvents`).
 */
export function transitionRefusal(reason: TransitionRefusalReason, s: RefusalSituation): DomainError {
  const message = refusalMessage(reason, s);
  if (CALLER_REFUSAL_REASONS.has(reason)) return new DomainError('FORBIDDEN', message, { reason });
  return new DomainError('INVALID_TRANSITION', message, { reason, state: s.substate, allowedEvents: s.allowedEvents });
}
