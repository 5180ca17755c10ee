// Contact persons, the office's rules and the inbox, as the policy lets a caller (auth/policy.ts).
import { Inject, Injectable } from '@nestjs/common';
import { isMobilePhone } from 'class-validator';
import type { Caller } from '../auth/caller.js';
import { inboxOf } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UnitsRepository } from '../units/units.repository.js';
import { TEMPLATES } from './notification-text.js';
import type { ContactRole, NotificationChannel, NotificationRule, NotificationTrigger } from './notification.types.js';
import {
  NotificationsRepository,
  type ContactRecord,
  type InboxReader,
  type MessageRecord,
  type MessageStatus,
  type NotificationRecord,
} from './notifications.repository.js';

export interface NewContact {
  unitId?: string;
  name: string;
  mobile: string;
  role: ContactRole;
}

export interface RuleSetting {
  trigger: NotificationTrigger;
  enabled: boolean;
  channels: NotificationChannel[];
  daysBefore?: number;
  smsTemplateId?: string;
}

/** A rule with its Chinese text. */
export type RuleView = NotificationRule & { template: string };

const readerOf = (caller: Caller): InboxReader => ({ unitId: inboxOf(caller), tokenId: caller.tokenId });

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A unit's contacts, or (no unit) everyone's, leaders first. */
  contacts(unitId: string | undefined): Promise<ContactRecord[]> {
    return this.notifications.contacts(unitId);
  }

  async addContact(input: NewContact): Promise<ContactRecord> {
    const unitId = input.unitId ?? null;
    if ((input.role === 'LEADER') !== (unitId === null)) {
      throw badInput(['unitId'], '区领导不属任何单位；责任人、联络员须指定单位');
    }
    // (full-width digits from a phone's Chinese keyboard read as digits: NFKC)
    const mobile = input.mobile
      .normalize('NFKC')
      .replace(/[\s-]/g, '')
      .replace(/^(\+|00)86/, '');
    if (!isMobilePhone(mobile, 'zh-CN', { strictMode: false })) {
      throw badInput(['mobile'], '应为 11 位手机号，如 13800138000', 'MALFORMED');
    }
    if (unitId && (await this.units.byIds([unitId])).length === 0) {
      throw badInput(['unitId'], '所指的单位不存在', 'UNKNOWN_REFERENCE');
    }
    const added = await this.notifications.addContact({
      unitId,
      name: input.name,
      mobile,
      role: input.role,
      createdAt: this.clock.now(),
    });
    if (!added)
      throw badInput(['mobile'], unitId ? '该单位已有使用此手机号的联系人' : '已有使用此手机号的区领导', 'TAKEN');
    return added;
  }

  async removeContact(id: string): Promise<boolean> {
    if (!(await this.notifications.removeContact(id, this.clock.now()))) throw notFound('Contact');
    return true;
  }

  async rules(): Promise<RuleView[]> {
    return (await this.notifications.rules()).map((r) => ({ ...r, template: TEMPLATES[r.trigger] }));
  }

  async setRule(input: RuleSetting): Promise<RuleView> {
    if (input.enabled && input.channels.length === 0) {
      throw badInput(['channels'], '请至少选择一个渠道；不需要通知时请关闭该规则（enabled: false）', 'REQUIRED');
    }
    if (input.channels.includes('SMS') && this.config.smsGatewayUrl === null) {
      throw badInput(['channels'], '未配置短信网关（RECTIFY_SMS_GATEWAY_URL），不能选择短信');
    }
    if (input.daysBefore !== undefined && input.trigger !== 'DUE_SOON') {
      throw badInput(['daysBefore'], 'daysBefore 只用于 DUE_SOON（临近整改时限）');
    }
    const current = (await this.notifications.rules()).find((r) => r.trigger === input.trigger);
    if (!current) throw notFound('Rule');
    const rule = await this.notifications.setRule(
      input.trigger,
      {
        enabled: input.enabled,
        channels: input.channels,
        daysBefore: input.trigger === 'DUE_SOON' ? (input.daysBefore ?? current.daysBefore) : null,
        smsTemplateId: input.smsTemplateId ?? current.smsTemplateId,
      },
      this.clock.now(),
    );
    return { ...rule, template: TEMPLATES[rule.trigger] };
  }

  messages(status: MessageStatus | null, first: number, after: string | null): Promise<MessageRecord[]> {
    return this.notifications.messages(status, first, after);
  }

  async contact(id: string): Promise<ContactRecord> {
    const contact = await this.notifications.contact(id);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  inbox(caller: Caller, unreadOnly: boolean, first: number, after: string | null): Promise<NotificationRecord[]> {
    return this.notifications.inbox(readerOf(caller), unreadOnly, first, after);
  }

  unreadCount(caller: Caller): Promise<number> {
    return this.notifications.unreadCount(readerOf(caller));
  }

  markRead(caller: Caller, ids: string[] | null): Promise<number> {
    return this.notifications.markRead(readerOf(caller), ids, this.clock.now());
  }
}
