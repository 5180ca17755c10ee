// Sends escalation rungs as system events through the one transition path, each rung once per deadline (and per plan
// milestone), and ends the public notices (销号公示) that have run their days, through the same path.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escalationRank } from '../../workflows/issue.rules.js';
import { ESCALATION_LEVELS, type EscalationLevel, type RectificationPlan } from '../../workflows/issue.types.js';
import { startBeat, type Beat } from '../common/beat.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { heldSql } from '../issues/deadline-status.js';
import { TransitionService, type Sender } from '../issues/transition.service.js';
import { SupervisionService } from '../supervision/supervision.service.js';
import { reachedLevel } from './escalation-policy.js';
import { perDistrict } from '../tenancy/district-scope.js';

const SWEEP_LOCK = 7_263_003;
const BATCH = 500;
export const SWEEPER: Sender = {
  actor: { role: 'SYSTEM', unitId: null },
  label: 'system:deadline-sweep',
  tokenId: null,
};

export interface SweepResult {
  /** False when another instance holds the sweep. */
  ran: boolean;
  escalations: number;
  /** Rungs of plans' milestones raised (节点预警督办). */
  milestoneEscalations: number;
  /** Public notices ended. */
  noticesEnded: number;
}

@Injectable()
export class DeadlineSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineSweep');
  private beat: Beat | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly transitions: TransitionService,
    private readonly supervision: SupervisionService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.beat = startBeat(this.config.sweepIntervalMs, () => this.sweep(), this.logger, 'sweep');
  }

  onApplicationShutdown(): void {
    this.beat?.stop();
  }

  /** One round. Instances take turns through an advisory lock; the row lock and the machine's guard refuse a repeat. */
  async sweep(): Promise<SweepResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK])) as {
        locked: boolean;
      }[];
      if (!locked) return { ran: false, escalations: 0, milestoneEscalations: 0, noticesEnded: 0 };
      try {
        // Each district in its own setting: the system events it logs are that district's.
        const rounds = await perDistrict(this.db, async () => ({
          escalations: await this.escalateDue(),
          milestoneEscalations: await this.escalateMilestones(),
          noticesEnded: await this.endNotices(),
        }));
        return {
          ran: true,
          escalations: rounds.reduce((n, r) => n + r.escalations, 0),
          milestoneEscalations: rounds.reduce((n, r) => n + r.milestoneEscalations, 0),
          noticesEnded: rounds.reduce((n, r) => n + r.noticesEnded, 0),
        };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async escalateDue(): Promise<number> {
    const now = this.clock.now();
    const { dueSoonDays, namedSupervisionDays } = this.config;
    let escalations = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      // Problems the unit holds whose level is below the rung their deadline has reached.
      const rows: { id: string; level: EscalationLevel; dueAt: Date }[] = await this.db.query(
        `SELECT id, escalation_level AS level, due_at AS "dueAt" FROM issues
          WHERE ${heldSql('substate', 'deadline_kind')} AND due_at IS NOT NULL
            AND duplicate_of_id IS NULL
            AND id > $1
            AND (  (escalation_level = 'NONE' AND due_at < $2::timestamptz + make_interval(days => $3))
                OR (escalation_level IN ('NONE','WARNING') AND due_at < $2)
                OR (escalation_level <> 'NAMED_SUPERVISION' AND due_at < $2::timestamptz - make_interval(days => $4)))
          ORDER BY id LIMIT ${BATCH}`,
        [after, now, dueSoonDays, namedSupervisionDays],
      );
      if (rows.length === 0) return escalations;
      for (const row of rows)
        escalations += await this.climb(
          row.id,
          row.level,
          reachedLevel(row.dueAt, now, dueSoonDays, namedSupervisionDays),
          row.dueAt,
        );
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * A plan's milestones climb like a deadline: each milestone still to do gets every rung its date has reached, in
   * order, tied to that date (a plan revised meanwhile refuses it).
   */
  private async escalateMilestones(): Promise<number> {
    const now = this.clock.now();
    const { dueSoonDays, namedSupervisionDays } = this.config;
    let raised = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; plan: RectificationPlan }[] = await this.db.query(
        `SELECT id, plan FROM issues
          WHERE substate = 'RECTIFYING.inProgress' AND plan IS NOT NULL AND plan->>'status' = 'IN_FORCE'
            AND duplicate_of_id IS NULL AND id > $1
            AND EXISTS (SELECT 1 FROM jsonb_array_elements(plan->'milestones') m
                         WHERE m->>'doneAt' IS NULL AND (m->>'dueAt')::timestamptz < $2::timestamptz + make_interval(days => $3)
                           AND coalesce(m->>'escalationLevel', 'NONE') <> 'NAMED_SUPERVISION')
          ORDER BY id LIMIT ${BATCH}`,
        [after, now, dueSoonDays],
      );
      if (rows.length === 0) return raised;
      for (const { id, plan } of rows) {
        for (const m of plan.milestones.filter((x) => x.doneAt === null)) {
          const from = m.escalationLevel ?? 'NONE';
          const to = reachedLevel(new Date(m.dueAt), now, dueSoonDays, namedSupervisionDays);
          for (const level of ESCALATION_LEVELS.filter(
            (l) => escalationRank(l) > escalationRank(from) && escalationRank(l) <= escalationRank(to),
          )) {
            try {
              await this.transitions.apply(
                id,
                { type: 'escalateMilestone', milestone: m.title, level, comment: null, dueAt: m.dueAt },
                SWEEPER,
              );
              raised++;
            } catch (e) {
              // Done, revised or sent back meanwhile: the next round reads it afresh.
              if (!(e instanceof DomainError)) throw e;
              break;
            }
          }
        }
      }
      after = rows[rows.length - 1].id;
    }
  }

  /** Signs PUBLIC_NOTICE on every problem whose notice has run its days; the machine moves it to its next step. */
  private async endNotices(): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM issues
          WHERE substate = 'VERIFIED.publicNotice' AND notice_ends_at <= $1 AND duplicate_of_id IS NULL AND id > $2
          ORDER BY id LIMIT ${BATCH}`,
        [now, after],
      );
      if (rows.length === 0) return ended;
      for (const { id } of rows) {
        try {
          await this.transitions.apply(
            id,
            { type: 'signOff', step: 'PUBLIC_NOTICE', comment: '公示期满，无异议' },
            SWEEPER,
          );
          ended++;
        } catch (e) {
          // Ended, objected to or sent back meanwhile: nothing to do.
          if (!(e instanceof DomainError)) throw e;
        }
      }
      after = rows[rows.length - 1].id;
    }
  }

  /** Every rung between the current level and the reached one, in order, so the log shows each once. */
  private async climb(issueId: string, from: EscalationLevel, to: EscalationLevel, dueAt: Date): Promise<number> {
    let sent = 0;
    for (const level of ESCALATION_LEVELS.filter(
      (l) => escalationRank(l) > escalationRank(from) && escalationRank(l) <= escalationRank(to),
    )) {
      try {
        // Tied to the deadline it was read against: a deadline moved meanwhile (an approved extension) refuses it.
        // 督办 and 挂牌督办 also issue an order where the office configured it to, written with the rung.
        const raised =
          level === 'SUPERVISION' || level === 'NAMED_SUPERVISION'
            ? await this.supervision.rungOrder(level, issueId)
            : null;
        await this.transitions.apply(
          issueId,
          {
            type: 'escalate',
            level,
            comment: null,
            dueAt: dueAt.toISOString(),
            ...(raised && { order: raised.order }),
          },
          SWEEPER,
          raised ? { alsoWrite: raised.alsoWrite } : {},
        );
        sent++;
      } catch (e) {
        // Someone got there first (another sweeper, a submission, a new deadline): nothing to do.
        if (e instanceof DomainError) return sent;
        throw e;
      }
    }
    return sent;
  }
}
