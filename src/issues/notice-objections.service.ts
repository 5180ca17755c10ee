// Objections from the public page to a closure in its public notice (公示异议): anyone may object, with a name and a
// phone number for the office to call back, a few times an hour from one address. The first objection stops the notice
// through the one transition path (an `object` event by the PUBLIC actor, its contact written in the same transaction);
// one that comes while an objection is being examined joins it.
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { stepOfSubstate } from '../../workflows/issue.runtime.js';
import { SUBSTATES, type Substate } from '../../workflows/issue.types.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CallerShareError } from '../limits/fair-pool.js';
import { IssuesRepository } from './issues.repository.js';
import { NoticeObjectionsRepository } from './notice-objections.repository.js';
import { TransitionService, type Sender } from './transition.service.js';

/** The sub-states the public page lists as in 公示: running, or stopped by an objection under examination. */
export const IN_PUBLIC_NOTICE: readonly Substate[] = SUBSTATES.filter((s) => stepOfSubstate(s) === 'PUBLIC_NOTICE');

const PUBLIC: Sender = { actor: { role: 'PUBLIC', unitId: null }, label: '公众（公示异议）', tokenId: null };

export interface PublicObjection {
  issueId: string;
  comment: string;
  name: string;
  phone: string;
}

export interface ObjectionReceipt {
  issueCode: string;
  receivedAt: Date;
  /** The objection stopped the notice (false: it joined one already being examined). */
  stoppedNotice: boolean;
}

@Injectable()
export class NoticeObjectionsService {
  /** Kept in PostgreSQL (migration 39): every instance spends from the same hourly budget. */
  private readonly perAddress: RateLimiterPostgres | null;

  constructor(
    private readonly issues: IssuesRepository,
    private readonly transitions: TransitionService,
    private readonly objections: NoticeObjectionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    db: DataSource,
  ) {
    this.perAddress =
      config.objectionsPerHour > 0
        ? new RateLimiterPostgres({
            storeClient: db,
            storeType: 'typeorm',
            tableName: 'rate_limits',
            tableCreated: true,
            keyPrefix: 'objection',
            points: config.objectionsPerHour,
            duration: 3600,
          })
        : null;
  }

  async object(input: PublicObjection, address: string): Promise<ObjectionReceipt> {
    return this.record(input, address, true);
  }

  private async record(input: PublicObjection, address: string | null, retry: boolean): Promise<ObjectionReceipt> {
    const [issue] = await this.issues.byIds([input.issueId]);
    // Only what the public page lists: any other problem is not the public's to know of.
    if (!issue || !IN_PUBLIC_NOTICE.includes(issue.substate)) throw notFound('Issue');
    // Counted once the objection is one to record (a stray id costs the address's request budget only).
    if (address !== null) await this.spend(address);
    const receivedAt = this.clock.now();
    const contact = { issueId: issue.id, name: input.name, phone: input.phone, comment: input.comment, receivedAt };
    if (issue.substate === 'VERIFIED.objected') {
      await this.objections.add({ ...contact, eventSeq: null });
      return { issueCode: issue.code, receivedAt, stoppedNotice: false };
    }
    try {
      await this.transitions.apply(issue.id, { type: 'object', comment: input.comment }, PUBLIC, {
        at: receivedAt,
        alsoWrite: (manager, saved) => this.objections.add({ ...contact, eventSeq: saved.version }, manager),
      });
      return { issueCode: issue.code, receivedAt, stoppedNotice: true };
    } catch (e) {
      // Objected (or ended) a moment before: judged again as it is now.
      if (retry && e instanceof DomainError && e.code === 'INVALID_TRANSITION') return this.record(input, null, false);
      throw e;
    }
  }

  private async spend(address: string): Promise<void> {
    if (!this.perAddress) return;
    try {
      await this.perAddress.consume(sameClient(address));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw new CallerShareError(
        `每个网络地址每小时最多提交 ${this.perAddress.points} 条公示异议，请稍后再试或致电区整改办`,
        Math.max(1, Math.ceil(e.msBeforeNext / 1000)),
      );
    }
  }
}

/** One client however the socket names it: an IPv4 address and its IPv6-mapped form (::ffff:a.b.c.d) are one key. */
export const sameClient = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
