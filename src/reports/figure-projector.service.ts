// Folds the log into the figures' bookings off the transactions that log (migrations 1763900000018, 19, 21 and 37): one
// projector at a time (an advisory lock; every instance tries on its beat), restartable and idempotent — its position
// is stored with what it wrote, in the same transaction. Each fold takes the problems with log rows in the finished
// transactions from its position to the oldest one still running and folds their rows from their heads on
// (rectify_figures_fold), so a row that commits late is folded late, never skipped; until then the figures book it
// live. Then it rolls a finished day, if one is due, and moves the list's appended count changes into its counts
// (migration 1763900000020).
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { startBeat, type Beat } from '../common/beat.js';
import { Clock } from '../common/clock.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { tryTransactionLock } from '../database/advisory-lock.js';
import { LOG_HORIZON_SQL, nextLogBatch } from '../issues/log-range.js';
import { perDistrict } from '../tenancy/district-scope.js';

/** The lock migration 1763900000018's rebuild takes too (and the bench, to hold the projector off). */
export const PROJECTOR_LOCK = 7_263_018;
/** Log rows per fold, at most (a transaction is never split): bounds one fold's time after a long pause. */
const BATCH_ROWS = 5_000;

@Injectable()
export class FigureProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FigureProjector');
  private beat: Beat | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.matchDueSoonWindow();
    this.beat = startBeat(this.config.figuresFoldIntervalMs, () => this.catchUp(), this.logger, 'figure projection');
  }

  onApplicationShutdown(): void {
    this.beat?.stop();
  }

  /** Folds until nothing foldable is left (or another instance holds the lock); rolls the finished days. */
  async catchUp(): Promise<void> {
    while (await this.foldOnce()) {
      /* next batch */
    }
  }

  /** One batch of each district (its own position and figures); true when one was full and more may wait. */
  async foldOnce(): Promise<boolean> {
    return (await perDistrict(this.db, () => this.foldDistrictOnce())).some(Boolean);
  }

  private foldDistrictOnce(): Promise<boolean> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      if (!(await this.lock(m))) return false;
      const today = shanghaiDate(this.clock.now());
      const [{ lo, hi, rolled }] = (await m.query(
        `SELECT folded_below::text AS lo, ${LOG_HORIZON_SQL}::text AS hi,
                days_through IS NOT NULL AND days_through >= $1::date - 1 AS rolled
           FROM figure_projection`,
        [today],
      )) as { lo: string; hi: string; rolled: boolean }[];
      let full = false;
      if (BigInt(hi) > BigInt(lo)) {
        const { upTo, full: more } = await nextLogBatch(m, lo, hi, BATCH_ROWS);
        full = more;
        await m.query(`SELECT rectify_figures_fold($1::xid8, $2::xid8)`, [lo, upTo]);
      }
      // (a roll with no finished day to add would only read the last day's running sums again)
      if (!rolled) await m.query(`SELECT rectify_figures_roll($1::date)`, [today]);
      await m.query(`SELECT rectify_list_counts_fold()`);
      return full;
    });
  }

  /** The bookings are made for one due-soon window: another one (RECTIFY_DUE_SOON_DAYS changed) rebuilds them. */
  private async matchDueSoonWindow(): Promise<void> {
    await perDistrict(this.db, () => this.matchDistrictDueSoonWindow());
  }

  private async matchDistrictDueSoonWindow(): Promise<void> {
    await this.db.transaction(async (m) => {
      const [row] = (await m.query(`SELECT due_soon_days AS days FROM figure_projection FOR UPDATE`)) as {
        days: number;
      }[];
      if (row.days === this.config.dueSoonDays) return;
      this.logger.log(
        `due-soon window ${row.days} → ${this.config.dueSoonDays} days: rebuilding the figures' bookings`,
      );
      await m.query(`UPDATE figure_projection SET due_soon_days = $1`, [this.config.dueSoonDays]);
      await m.query(`SELECT rectify_figures_rebuild($1::date)`, [shanghaiDate(this.clock.now())]);
    });
  }

  private lock(m: EntityManager): Promise<boolean> {
    return tryTransactionLock(m, PROJECTOR_LOCK);
  }
}
