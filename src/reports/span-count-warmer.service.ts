// Counts the open spans of each five-minute mark ahead of the first table that would otherwise count them while someone
// waits, and forgets the counts no table starts from any more.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { startBeat, type Beat } from '../common/beat.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RollupReportQuery } from './rollup-report.query.js';

/** Counted hours kept whole this long: "now" and recent moments read them; older ones keep each day's last hour. */
const KEEP_DAYS = 7;

@Injectable()
export class SpanCountWarmer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SpanCountWarmer');
  private beat: Beat | null = null;

  constructor(
    private readonly rollup: RollupReportQuery,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** On the scheduler's beat (RECTIFY_SWEEP_INTERVAL_MS; 0 = off): every instance may run it, the count is kept once. */
  onApplicationBootstrap(): void {
    this.beat = startBeat(this.config.sweepIntervalMs, () => this.warm(), this.logger, 'span count');
  }

  onApplicationShutdown(): void {
    this.beat?.stop();
  }

  /** Counts the spans "now" starts from and forgets the marks past and the hours a week past (see pruneSpanCounts). */
  async warm(): Promise<void> {
    const now = this.clock.now();
    await this.rollup.countSpansForNow(now, addDays(now, this.config.dueSoonDays));
    await this.rollup.pruneSpanCounts(now, addDays(now, -KEEP_DAYS));
  }
}
