import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { startBeat, type Beat } from '../common/beat.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IdempotencyHook } from './idempotency.hook.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/** Keys are kept 48 hours (at least 24 promised), pruned hourly. */
const KEEP_HOURS = 48;

/** Idempotency-Key on mutations: the hook (installed by AppModule) and the keys' pruning. */
@Module({ providers: [IdempotencyRepository, IdempotencyHook], exports: [IdempotencyHook] })
export class IdempotencyModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private beat: Beat | null = null;

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Hourly, but only where the scheduler runs at all.
    if (this.config.sweepIntervalMs > 0)
      this.beat = startBeat(3_600_000, () => this.keys.prune(KEEP_HOURS), this.logger, 'pruning');
  }

  onApplicationShutdown(): void {
    this.beat?.stop();
  }
}
