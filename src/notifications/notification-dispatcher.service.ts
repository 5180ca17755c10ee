// Tells people: plans notifications from the log as the webhook planner does (one planner at a time, its position
// stored with what it planned, so nothing is told that did not commit and nothing that committed is missed), makes the
// day's reminders and the leaders' digest once per Shanghai day, and sends the text messages due — claimed with
// FOR UPDATE SKIP LOCKED, so several instances never send one twice.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BackgroundRounds, inBatches } from '../common/background-round.js';
import { Clock } from '../common/clock.js';
import { recordAttempts } from '../common/delivery-attempts.js';
import { addDays, daysBetween, deadlineDay, shanghaiDate, startOfShanghaiDay } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { tryTransactionLock } from '../database/advisory-lock.js';
import { followLog } from '../issues/log-range.js';
import { nextAttempt, signedHeaders } from '../webhooks/webhook-message.js';
import { post } from '../webhooks/webhook-target.js';
import {
  afterQuietHours,
  dailyDue,
  daysLeftText,
  dueDateText,
  raisedBy,
  render,
  type Raised,
} from './notification-text.js';
import type { NotificationRule, NotificationTrigger } from './notification.types.js';
import { cityWide, perDistrict } from '../tenancy/district-scope.js';
import {
  NotificationsRepository,
  type DeadlineRow,
  type DueMessage,
  type NewNotification,
  type NotificationRecord,
} from './notifications.repository.js';

/** Held by the one planner, for the log and for the day's reminders alike. */
export const NOTIFY_PLAN_LOCK = 7_263_023;
const BATCH_ROWS = 5_000;
const BATCH = 50;
const BATCHES_PER_ROUND = 20;
/** The gateway is the operator's own, configured by hand: any address it names may be reached. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];

@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly rounds = new BackgroundRounds(async () => {
    while (await this.planOnce()) {
      /* next batch */
    }
    await this.daily();
    await this.sendDue();
  });

  constructor(
    private readonly db: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.config.notifyIntervalMs, this.logger, 'notifications');
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** Plans what is new, makes the day's reminders when due, then sends the text messages due; a round running is joined. */
  dispatch(): Promise<void> {
    return this.rounds.run();
  }

  /** One batch of the log planned; true when it was full and more may wait. */
  async planOnce(): Promise<boolean> {
    const told: NotificationRecord[] = [];
    const full = await followLog(
      this.db,
      { lock: NOTIFY_PLAN_LOCK, positionTable: 'notification_dispatch', maxRows: BATCH_ROWS },
      async (m, from, upTo) => {
        const events = await this.notifications.loggedEvents(m, from, upTo);
        told.push(...(await this.store(m, events.flatMap(raisedBy))));
      },
    );
    this.logTold(told);
    return full;
  }

  /**
   * The day's reminders (due soon, overdue: one per problem a day) and the leaders' digest of the day before, once a
   * Shanghai day from RECTIFY_NOTIFY_DAILY_AT on. Answers the day made, or null when it was not due (or made already).
   */
  async daily(): Promise<string | null> {
    const made = await perDistrict(this.db, () => this.dailyOfDistrict());
    return made.find((day) => day !== null) ?? null;
  }

  private async dailyOfDistrict(): Promise<string | null> {
    const told: NotificationRecord[] = [];
    const made = await this.db.transaction(async (m) => {
      if (!(await tryTransactionLock(m, NOTIFY_PLAN_LOCK))) return null;
      const [{ done }] = (await m.query(`SELECT daily_done::text AS done FROM notification_dispatch`)) as {
        done: string | null;
      }[];
      const now = this.clock.now();
      const day = dailyDue(now, this.config.dailyNotifyMinute, done);
      if (day === null) return null;
      const rules = await this.rulesOf(m);
      const raised: Raised[] = [];
      const reminder = (trigger: NotificationTrigger, r: DeadlineRow, extra: Record<string, string>): Raised => ({
        trigger,
        unitId: r.leadUnitId,
        issueId: r.issueId,
        eventId: null,
        day,
        at: now,
        params: { code: r.code, dueDate: dueDateText(r.dueAt), ...extra },
      });
      const dueSoon = rules.get('DUE_SOON');
      if (dueSoon?.enabled && dueSoon.daysBefore) {
        // deadlines falling on today or the next `daysBefore` calendar days (a deadline is 24:00 of its day)
        const until = addDays(startOfShanghaiDay(day), dueSoon.daysBefore + 1);
        for (const r of await this.notifications.deadlines(m, now, until)) {
          raised.push(reminder('DUE_SOON', r, { left: daysLeftText(daysBetween(day, deadlineDay(r.dueAt))) }));
        }
      }
      if (rules.get('OVERDUE')?.enabled) {
        for (const r of await this.notifications.deadlines(m, now, null)) {
          raised.push(reminder('OVERDUE', r, { days: String(daysBetween(deadlineDay(r.dueAt), day)) }));
        }
      }
      // 序时推进: a milestone of the plan past its date and not done, told as an overdue deadline is.
      if (rules.get('MILESTONE_OVERDUE')?.enabled) {
        for (const r of await this.notifications.overdueMilestones(m, now)) {
          raised.push(reminder('MILESTONE_OVERDUE', r, { milestone: r.milestone }));
        }
      }
      // 督办单 awaiting a written reply past its date: told each day, as an overdue deadline is.
      if (rules.get('ORDER_REPLY_OVERDUE')?.enabled) {
        for (const r of await this.notifications.overdueOrderReplies(m, now)) {
          raised.push(
            reminder('ORDER_REPLY_OVERDUE', r, {
              number: r.number,
              codes: r.problems > 1 ? `${r.code} 等 ${r.problems} 个` : r.code,
            }),
          );
        }
      }
      if (rules.get('DAILY_DIGEST')?.enabled) {
        const yesterday = shanghaiDate(new Date(startOfShanghaiDay(day).getTime() - 1));
        const sum = await this.notifications.daySummary(m, startOfShanghaiDay(yesterday), startOfShanghaiDay(day));
        const [, month, date] = yesterday.split('-').map(Number);
        raised.push({
          trigger: 'DAILY_DIGEST',
          unitId: null,
          issueId: null,
          eventId: null,
          day,
          at: now,
          params: {
            day: `${month}月${date}日`,
            filed: String(sum.filed),
            escalated: String(sum.escalated),
            closed: String(sum.closed),
            overdue: String(sum.overdue),
          },
        });
      }
      told.push(...(await this.store(m, raised, rules)));
      await m.query(`UPDATE notification_dispatch SET daily_done = $1`, [day]);
      return day;
    });
    this.logTold(told);
    return made;
  }

  /** Sends the text messages due now, batch after batch while there are any. */
  sendDue(): Promise<void> {
    // City-wide: sending changes no district's rows but the deliveries' own, each claimed where it lies.
    return cityWide(() => inBatches(() => this.sendBatch(), BATCHES_PER_ROUND));
  }

  /** One batch claimed, sent side by side, each outcome recorded in the claiming transaction. Answers how many. */
  async sendBatch(): Promise<number> {
    return this.db.transaction(async (m) => {
      const now = this.clock.now();
      const due = await this.notifications.claimDueMessages(m, now, BATCH);
      if (due.length === 0) return 0;
      const outcomes = await Promise.all(due.map((d) => this.send(d)));
      const at = this.clock.now();
      const attempts = due.map((d, k) => {
        const next = outcomes[k].error === null ? null : nextAttempt(d.attempts + 1, at);
        return { id: d.id, ...outcomes[k], next: next && afterQuietHours(next, this.config.quietHours) };
      });
      await recordAttempts(m, 'notification_messages', attempts, at);
      // (the message, never the number it went to)
      for (const [k, a] of attempts.entries()) {
        if (a.error === null) continue;
        const tried = `短信 ${a.id} 第 ${due[k].attempts + 1} 次发送失败：${a.error}`;
        if (a.next) this.logger.warn(`${tried}；${a.next.toISOString()} 重试`);
        else this.logger.error(`${tried}；不再重试（textMessages 可查）`);
      }
      return due.length;
    });
  }

  /** One POST to the gateway: the number, the template and its parameters, and the text they make. */
  private send(d: DueMessage): Promise<{ status: number | null; error: string | null }> {
    const url = this.config.smsGatewayUrl;
    if (url === null) return Promise.resolve({ status: null, error: '未配置短信网关（RECTIFY_SMS_GATEWAY_URL）' });
    const body = JSON.stringify({ mobile: d.mobile, templateId: d.templateId, params: d.params, text: d.text });
    const secret = this.config.smsGatewaySecret;
    const headers = secret ? signedHeaders(d.id, secret, body, new Date()) : { 'webhook-id': d.id };
    return post(url, headers, body, { timeoutMs: this.config.webhookTimeoutMs, networks: ANY_ADDRESS });
  }

  private async rulesOf(m: EntityManager): Promise<Map<NotificationTrigger, NotificationRule>> {
    return new Map((await this.notifications.rules(m)).map((r) => [r.trigger, r]));
  }

  /**
   * Tells what another domain raised in its own transaction `m` (a look-back campaign handing units their problems):
   * stored with it, or not at all; log the answer with `logTold` once it committed.
   */
  tell(m: EntityManager, raised: Raised[]): Promise<NotificationRecord[]> {
    return this.store(m, raised);
  }

  /** Rendered with its rule's template, on its rule's channels; a disabled rule tells nobody. */
  private async store(m: EntityManager, raised: Raised[], rules?: Map<NotificationTrigger, NotificationRule>) {
    if (raised.length === 0) return [];
    const byTrigger = rules ?? (await this.rulesOf(m));
    const rows: NewNotification[] = [];
    for (const r of raised) {
      const rule = byTrigger.get(r.trigger);
      if (!rule?.enabled || rule.channels.length === 0) continue;
      rows.push({
        ...r,
        channels: rule.channels,
        templateId: rule.smsTemplateId,
        text: render(r.trigger, r.params, this.config.smsSign),
      });
    }
    const now = this.clock.now();
    return this.notifications.store(m, rows, now, afterQuietHours(now, this.config.quietHours));
  }

  /** The log channel: a line per notification, after it committed — the unit, never a person or a number. */
  logTold(told: NotificationRecord[]): void {
    for (const n of told) {
      if (n.channels.includes('LOG')) {
        this.logger.log(`${n.trigger} → ${n.unitId ?? '区领导'}: ${n.text}`);
      }
    }
  }
}
