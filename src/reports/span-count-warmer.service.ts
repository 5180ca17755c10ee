// Counts each hour's open spans ahead of the first table that would otherwise count them while someone waits.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { startBeat, type Beat } from '../common/beat.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RollupReportQuery } from './rollup-report.query.js';

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

  warm(): Promise<void> {
    const now = this.clock.now();
    return this.rollup.countSpansForNow(now, addDays(now, this.config.dueSoonDays));
  }
}
