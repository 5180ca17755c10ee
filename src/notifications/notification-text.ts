// What a notification says and whom a logged event tells — pure, so every template and rule is tested without I/O.
import type { EscalationLevel, IssueEventType, OrderStamp, SignOffStep } from '../../workflows/issue.types.js';
import { ESCALATION_LABELS, SIGN_OFF_STEP_LABELS } from '../common/labels.js';
import { deadlineDay, shanghaiDate, shanghaiMinuteOfDay } from '../common/shanghai-time.js';
import type { NotificationTrigger } from './notification.types.js';

/** A template's parameters, as the SMS gateway receives them beside the text. */
export type TemplateParams = Record<string, string>;

/** The Chinese text of each rule (without the sign): `{name}` is the parameter of that name. */
export const TEMPLATES: Record<NotificationTrigger, string> = {
  ASSIGNED: '您单位有新交办问题 {code}{asRole}，整改时限 {dueDate}，请及时签收。',
  DUE_SOON: '您单位问题 {code} 整改时限 {dueDate}（{left}），请抓紧整改。',
  OVERDUE: '您单位问题 {code} 已逾期 {days} 天（整改时限 {dueDate}），请立即整改。',
  ESCALATED: '您单位问题 {code} 已被{level}（整改时限 {dueDate}），请抓紧整改并报告进展。',
  VERIFICATION_FAILED: '您单位问题 {code} 验收未通过{opinion}，请继续整改后重新申请销号。',
  EXTENSION_DECIDED: '您单位问题 {code} 的延期申请{result}，整改时限 {dueDate}。',
  REVIEW_REQUESTED: '您单位主管的问题 {code} 已由责任单位申请销号，请审核。',
  SENT_BACK: '您单位问题 {code} 在{step}环节被退回整改{opinion}，请继续整改后重新申请销号。',
  PLAN_RETURNED: '您单位问题 {code} 的整改方案被整改办退回{opinion}，请修改后重新报送。',
  MILESTONE_OVERDUE: '您单位问题 {code} 的整改节点“{milestone}”已逾期（节点时限 {dueDate}），请抓紧推进。',
  ORDER_ISSUED: '整改办对您单位问题 {codes} 下发{level}单 {number}，请于 {replyDate} 前书面回复。',
  ORDER_REPLY_RETURNED: '您单位就问题 {codes} 的督办回复未获通过{opinion}，请补充后重新回复。',
  INSTRUCTED: '区领导对您单位问题 {codes} 作出批示：“{text}”，请及时签收落实。',
  ORDER_REPLY_OVERDUE: '督办单 {number}（问题 {codes}）的书面回复已逾期（回复期限 {dueDate}），请立即回复。',
  LOOKBACK_ASSIGNED: '整改办开展回头看“{title}”，您单位 {count} 个已销号问题需自查，请于 {dueDate} 前报送自查情况。',
  DAILY_DIGEST:
    '{day} 整改日报：新增问题 {filed} 个，预警督办 {escalated} 次，销号 {closed} 个；截至目前逾期 {overdue} 个。',
};

/** The text as sent: 【sign】 and the template filled in. */
export function render(trigger: NotificationTrigger, params: TemplateParams, sign: string): string {
  const body = TEMPLATES[trigger].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  return `【${sign}】${body}`;
}

/** How a deadline reads in a message: its calendar day, or 长期坚持 when there is none. */
export const dueDateText = (dueAt: Date | null): string => (dueAt ? deadlineDay(dueAt) : '长期坚持');

/** What a reminder says of a deadline `days` calendar days away: today, or how many are left. */
export const daysLeftText = (days: number): string => (days <= 0 ? '今天到期' : `还剩 ${days} 天`);

/** The office's opinion in a text message: at most this many characters of it. */
const OPINION_CHARS = 40;

/** One log row, as the planner reads it. */
export interface LoggedEvent {
  id: string;
  issueId: string;
  code: string;
  type: string;
  payload: Record<string, unknown>;
  comment: string | null;
  leadUnitId: string | null;
  /** The problem's supervising department (行业主管部门), now. */
  supervisingUnitId: string | null;
  dueAt: Date | null;
  at: Date;
}

/** A notification to make: the rule, the unit told, the problem and the event, its day and parameters. */
export interface Raised {
  trigger: NotificationTrigger;
  unitId: string | null;
  issueId: string | null;
  eventId: string | null;
  day: string;
  /** When what it tells of happened: the event's time, or when the day's reminder was made. */
  at: Date;
  params: TemplateParams;
  /** The look-back campaign it tells of (LOOKBACK_ASSIGNED); absent: none. */
  lookbackCampaignId?: string | null;
}

/** The events raisedBy may tell anyone of (the planner reads only these from the log). */
export const TELLING_EVENTS = [
  'assign',
  'reassign',
  'escalate',
  'verify',
  'decideExtension',
  'submit',
  'sendBack',
  'returnPlan',
  'superviseOrder',
  'decideOrderReply',
  'instruct',
] as const satisfies readonly IssueEventType[];

/**
 * The notifications a logged event raises: assignments, escalations, failed verifications, extension decisions, a
 * submission for the supervising department's review, work sent back from a step of the chain.
 */
export function raisedBy(e: LoggedEvent): Raised[] {
  const base = { issueId: e.issueId, eventId: e.id, day: shanghaiDate(e.at), at: e.at };
  const dueDate = dueDateText(e.dueAt);
  const toLead = (trigger: NotificationTrigger, params: TemplateParams): Raised[] =>
    e.leadUnitId ? [{ ...base, trigger, unitId: e.leadUnitId, params: { code: e.code, ...params } }] : [];
  switch (e.type) {
    case 'assign':
    case 'reassign': {
      const cooperating = Array.isArray(e.payload.cooperatingUnitIds) ? (e.payload.cooperatingUnitIds as string[]) : [];
      return [
        ...toLead('ASSIGNED', { asRole: '', dueDate }),
        ...cooperating
          .filter((u) => u !== e.leadUnitId)
          .map((unitId): Raised => ({
            ...base,
            trigger: 'ASSIGNED',
            unitId,
            params: { code: e.code, asRole: '（配合）', dueDate },
          })),
      ];
    }
    case 'escalate': {
      const level = ESCALATION_LABELS[e.payload.level as EscalationLevel] ?? '督办';
      const order = e.payload.order as OrderStamp | null | undefined;
      return [
        ...toLead('ESCALATED', { level, dueDate }),
        ...(order
          ? toLead('ORDER_ISSUED', {
              codes: e.code,
              level,
              number: order.number,
              replyDate: deadlineDay(new Date(order.replyDueAt)),
            })
          : []),
      ];
    }
    // An order or instruction on several problems is told once, on the first of them.
    case 'superviseOrder':
      return firstOf(e)
        ? toLead('ORDER_ISSUED', {
            codes: codesText(e),
            level: ESCALATION_LABELS[e.payload.level as EscalationLevel] ?? '督办',
            number: String(e.payload.number),
            replyDate: deadlineDay(new Date(String(e.payload.replyDueAt))),
          })
        : [];
    case 'decideOrderReply':
      return e.payload.accepted === false && firstOf(e)
        ? toLead('ORDER_REPLY_RETURNED', { codes: codesText(e), opinion: opinionText(e.comment) })
        : [];
    case 'instruct':
      return firstOf(e) ? toLead('INSTRUCTED', { codes: codesText(e), text: excerpt(e.comment) }) : [];
    case 'verify':
      return e.payload.passed === false ? toLead('VERIFICATION_FAILED', { opinion: opinionText(e.comment) }) : [];
    case 'decideExtension':
      return toLead('EXTENSION_DECIDED', { result: e.payload.approve === true ? '已批准' : '未获批准', dueDate });
    case 'submit':
      return e.payload.departmentReview === true && e.supervisingUnitId
        ? [{ ...base, trigger: 'REVIEW_REQUESTED', unitId: e.supervisingUnitId, params: { code: e.code } }]
        : [];
    case 'returnPlan':
      return toLead('PLAN_RETURNED', { opinion: opinionText(e.comment) });
    case 'sendBack':
      return toLead('SENT_BACK', {
        step: SIGN_OFF_STEP_LABELS[e.payload.step as SignOffStep] ?? '签批',
        opinion: opinionText(e.comment),
      });
    default:
      return [];
  }
}

/** The first of the problems an order or instruction covers (or the only one: no list stamped). */
function firstOf(e: LoggedEvent): boolean {
  const ids = e.payload.issueIds;
  return !Array.isArray(ids) || ids[0] === e.issueId;
}

/** "ZY-2026-00012" or "ZY-2026-00012 等 3 个". */
function codesText(e: LoggedEvent): string {
  const n = Array.isArray(e.payload.issueIds) ? e.payload.issueIds.length : 1;
  return n > 1 ? `${e.code} 等 ${n} 个` : e.code;
}

function excerpt(text: string | null): string {
  const chars = [...(text ?? '').replace(/\s+/g, ' ').trim()];
  return chars.length > OPINION_CHARS ? `${chars.slice(0, OPINION_CHARS).join('')}…` : chars.join('');
}

function opinionText(comment: string | null): string {
  const text = comment?.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  const chars = [...text];
  return `（意见：${chars.length > OPINION_CHARS ? `${chars.slice(0, OPINION_CHARS).join('')}…` : text}）`;
}

/** Quiet hours in Shanghai minutes of the day: [from, to), across midnight when from > to. */
export interface QuietHours {
  fromMinute: number;
  toMinute: number;
}

/** "HH:MM" (00:00–23:59) as minutes of the day; null for anything else. */
export function clockMinute(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** "22:00-07:00" read as quiet hours; null for "" or "off". Throws on anything else. */
export function parseQuietHours(raw: string): QuietHours | null {
  const text = raw.trim();
  if (text === '' || text.toLowerCase() === 'off') return null;
  const [from, to, extra] = text.split(/\s*[-–—~～]\s*/);
  const fromMinute = clockMinute(from ?? '');
  const toMinute = clockMinute(to ?? '');
  if (fromMinute === null || toMinute === null || extra !== undefined) throw new Error(`"${raw}" is not HH:MM-HH:MM`);
  if (fromMinute === toMinute) throw new Error(`"${raw}" is empty`);
  return { fromMinute, toMinute };
}

const MINUTE_MS = 60_000;

/** When a text message may go that was ready at `at`: then, or when the quiet hours it falls in end. */
export function afterQuietHours(at: Date, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const minuteOfDay = shanghaiMinuteOfDay(at);
  const { fromMinute, toMinute } = quiet;
  const inside =
    fromMinute < toMinute
      ? minuteOfDay >= fromMinute && minuteOfDay < toMinute
      : minuteOfDay >= fromMinute || minuteOfDay < toMinute;
  if (!inside) return at;
  const wait = (toMinute - minuteOfDay + 1440) % 1440;
  const startOfMinute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  return new Date(startOfMinute + wait * MINUTE_MS);
}

/** Whether the day's reminders and digest are due: past `dailyMinute` (Shanghai) of a day not yet done. */
export function dailyDue(now: Date, dailyMinute: number, doneDay: string | null): string | null {
  const today = shanghaiDate(now);
  return shanghaiMinuteOfDay(now) >= dailyMinute && doneDay !== today ? today : null;
}
