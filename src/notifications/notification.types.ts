// What people are told, through which channels, and who they are: the names and their Chinese labels, once.

/** When a unit (or the leaders) is told. */
export type NotificationTrigger =
  | 'ASSIGNED'
  | 'DUE_SOON'
  | 'OVERDUE'
  | 'ESCALATED'
  | 'VERIFICATION_FAILED'
  | 'EXTENSION_DECIDED'
  | 'REVIEW_REQUESTED'
  | 'SENT_BACK'
  | 'PLAN_RETURNED'
  | 'MILESTONE_OVERDUE'
  | 'ORDER_ISSUED'
  | 'ORDER_REPLY_RETURNED'
  | 'INSTRUCTED'
  | 'ORDER_REPLY_OVERDUE'
  | 'LOOKBACK_ASSIGNED'
  | 'DAILY_DIGEST';

export const TRIGGER_LABELS: Record<NotificationTrigger, string> = {
  ASSIGNED: '交办（牵头或配合）',
  DUE_SOON: '临近整改时限',
  OVERDUE: '已逾期（每日提醒）',
  ESCALATED: '预警、督办、挂牌督办',
  VERIFICATION_FAILED: '验收未通过',
  EXTENSION_DECIDED: '延期申请审批结果',
  REVIEW_REQUESTED: '待主管部门审核（告知主管部门）',
  SENT_BACK: '签批环节退回整改',
  PLAN_RETURNED: '整改方案被退回',
  MILESTONE_OVERDUE: '整改节点逾期（每日提醒）',
  ORDER_ISSUED: '督办单（督办、挂牌督办）下发',
  ORDER_REPLY_RETURNED: '督办回复被退回',
  INSTRUCTED: '领导批示',
  ORDER_REPLY_OVERDUE: '督办单回复逾期（每日提醒）',
  LOOKBACK_ASSIGNED: '回头看交办（每次回头看每单位一条）',
  DAILY_DIGEST: '领导日报（新增、逾期、升级、销号）',
};

export const NOTIFICATION_TRIGGERS = Object.keys(TRIGGER_LABELS) as NotificationTrigger[];

export type NotificationChannel = 'SMS' | 'INBOX' | 'LOG';

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  SMS: '短信（经短信网关）',
  INBOX: '站内消息',
  LOG: '服务日志',
};

export type ContactRole = 'RESPONSIBLE' | 'LIAISON' | 'LEADER';

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  RESPONSIBLE: '责任人',
  LIAISON: '联络员',
  LEADER: '区领导（收领导日报，不属任何单位）',
};

export interface NotificationRule {
  trigger: NotificationTrigger;
  enabled: boolean;
  channels: NotificationChannel[];
  /** DUE_SOON: days before the deadline; null otherwise. */
  daysBefore: number | null;
  smsTemplateId: string;
  updatedAt: Date;
}
