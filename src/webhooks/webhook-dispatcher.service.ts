// Announces the log to webhooks: plans each finished transaction's log rows into deliveries (one planner at a time, by
// an advisory lock; its position stored with what it planned), then sends the due deliveries in batches — each batch
// in a transaction holding its rows (FOR UPDATE SKIP LOCKED), so several instances never send one twice and never one
// problem's messages out of order. At least once: a delivery whose attempt was sent but not recorded (a crash) is sent again
// with the same webhook-id, which the receiver dedupes by.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { cityWide } from '../tenancy/district-scope.js';
import { DataSource } from 'typeorm';
import { BackgroundRounds, inBatches } from '../common/background-round.js';
import { Clock } from '../common/clock.js';
import { recordAttempts } from '../common/delivery-attempts.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { followLog } from '../issues/log-range.js';
import { messageOf, nextAttempt, signedHeaders } from './webhook-message.js';
import { post } from './webhook-target.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Held by the one planner. */
export const WEBHOOK_PLAN_LOCK = 7_263_022;
/** Log rows per plan, at most (a transaction is never split). */
const BATCH_ROWS = 5_000;
/** Deliveries claimed together (one transaction, sent side by side), and batches per round at most. */
const BATCH = 50;
const BATCHES_PER_ROUND = 20;

@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly rounds = new BackgroundRounds(async () => {
    while (await this.planOnce()) {
      /* next batch */
    }
    await this.sendDue();
  });

  constructor(
    private readonly db: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.config.webhookIntervalMs, this.logger, 'webhook dispatch');
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** Plans what is new, then sends what is due; a round still running is joined, not doubled. */
  dispatch(): Promise<void> {
    return this.rounds.run();
  }

  /** One batch of the log planned; true when it was full and more may wait. */
  planOnce(): Promise<boolean> {
    return followLog(
      this.db,
      { lock: WEBHOOK_PLAN_LOCK, positionTable: 'webhook_dispatch', maxRows: BATCH_ROWS },
      (m, from, upTo) => this.webhooks.plan(m, from, upTo, this.clock.now()),
    );
  }

  /** Sends what is due now, batch after batch while there is any (a problem's next message once its last is sent). */
  sendDue(): Promise<void> {
    // City-wide: sending changes no district's rows but the deliveries' own, each claimed where it lies.
    return cityWide(() => inBatches(() => this.sendBatch(), BATCHES_PER_ROUND));
  }

  /**
   * One batch: claimed in a transaction that holds their rows (another dispatcher skips them), sent side by side, each
   * outcome recorded in the same transaction. Answers how many were sent.
   */
  async sendBatch(): Promise<number> {
    return this.db.transaction(async (m) => {
      const due = await this.webhooks.claimDue(m, this.clock.now(), BATCH);
      if (due.length === 0) return 0;
      const sentAt = new Date();
      const outcomes = await Promise.all(
        due.map((d) => {
          const body = messageOf(d);
          return post(d.url, signedHeaders(d.id, d.secret, body, sentAt), body, {
            timeoutMs: this.config.webhookTimeoutMs,
            networks: this.config.webhookAllowedNetworks,
          });
        }),
      );
      const at = this.clock.now();
      const attempts = due.map((d, k) => ({
        id: d.id,
        ...outcomes[k],
        next: outcomes[k].error === null ? null : nextAttempt(d.attempts + 1, at),
      }));
      await recordAttempts(m, 'webhook_deliveries', attempts, at);
      for (const a of attempts) {
        if (a.error !== null && a.next === null) this.logger.warn(`webhook delivery ${a.id} failed for good`);
      }
      return due.length;
    });
  }
}
