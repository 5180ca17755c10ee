// Folds the log into the figures' bookings off the transactions that log (migrations 1763900000018, 19 and 21): one
// projector at a time (an advisory lock; every instance tries on its beat), restartable and idempotent — its position
// is stored with what it wrote, in the same transaction. Each fold takes the problems with log rows in the finished
// transactions from its position to the oldest one still running and folds their rows from their heads on, so a row
// that commits late is folded late, never skipped; until then the figures book it live. Then it rolls the finished
// days and moves the list's appended count changes into its counts (migration 1763900000020).
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { startBeat, type Beat } from '../common/beat.js';
import { Clock } from '../common/clock.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { tryTransactionLock } from '../database/advisory-lock.js';
import { LOG_HORIZON_SQL, nextLogBatch } from '../issues/log-range.js';
import { BOOKED, BOOKING_KEY, DAY_KEY } from './figures.query.js';

/** The lock migration 1763900000018's rebuild takes too (and the bench, to hold the projector off). */
export const PROJECTOR_LOCK = 7_263_018;
/** Log rows per fold, at most (a transaction is never split): bounds one fold's time after a long pause. */
const BATCH_ROWS = 5_000;

const KEY = DAY_KEY.join(', ');
const BOOKING = BOOKING_KEY.join(', ');

/** The problems with log rows of transactions in [$1, $2). */
const TOUCHED = `ARRAY(SELECT DISTINCT issue_id FROM issue_events WHERE tx >= $1::xid8 AND tx < $2::xid8)`;

/**
 * The bookings not folded yet of the problems with log rows in [$1, $2), into figure_bookings; those falling in days
 * already rolled (a transaction that committed after its day was rolled) also into those days' running sums.
 */
const FOLD = `
  WITH b AS MATERIALIZED (
    SELECT at, ${BOOKING}, filed_at, closed_at, ${BOOKED.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
      FROM figure_tail_bookings
     WHERE issue_id = ANY (${TOUCHED})
     GROUP BY at, ${BOOKING}, filed_at, closed_at
    HAVING ${BOOKED.map((c) => `sum(${c}) <> 0`).join(' OR ')}
  ),
  booked AS (
    INSERT INTO figure_bookings (at, ${BOOKING}, filed_at, closed_at, ${BOOKED.join(', ')})
    SELECT at, ${BOOKING}, filed_at, closed_at, ${BOOKED.join(', ')} FROM b
  ),
  late AS (
    INSERT INTO figure_days AS d (day, ${KEY}, ${BOOKED.join(', ')})
    SELECT g.day::date, ${KEY}, ${BOOKED.map((c) => `sum(b.${c})::int`).join(', ')}
      FROM b CROSS JOIN figure_projection p
      CROSS JOIN LATERAL generate_series(rectify_day(b.at), p.days_through, interval '1 day') g(day)
     WHERE rectify_day(b.at) <= p.days_through
     GROUP BY 1, ${KEY}
    ON CONFLICT (day, ${KEY}) DO UPDATE SET ${BOOKED.map((c) => `${c} = d.${c} + EXCLUDED.${c}`).join(', ')}
  )
  UPDATE figure_projection SET folded_below = $2::xid8`;

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

  /** One batch; true when it folded a full batch and more may wait. */
  async foldOnce(): Promise<boolean> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      if (!(await this.lock(m))) return false;
      const [{ lo, hi }] = (await m.query(
        `SELECT folded_below::text AS lo, ${LOG_HORIZON_SQL}::text AS hi FROM figure_projection`,
      )) as { lo: string; hi: string }[];
      let full = false;
      if (BigInt(hi) > BigInt(lo)) {
        const { upTo, full: more } = await nextLogBatch(m, lo, hi, BATCH_ROWS);
        full = more;
        await m.query(FOLD, [lo, upTo]);
        // (then, in the same snapshot, their last rows become their heads: the next fold starts after them)
        await m.query(`SELECT rectify_figure_heads_advance(${TOUCHED})`, [lo, upTo]);
      }
      await m.query(`SELECT rectify_figures_roll($1::date)`, [shanghaiDate(this.clock.now())]);
      await m.query(`SELECT rectify_list_counts_fold()`);
      return full;
    });
  }

  /** The bookings are made for one due-soon window: another one (RECTIFY_DUE_SOON_DAYS changed) rebuilds them. */
  private async matchDueSoonWindow(): Promise<void> {
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
