import { Inject, Logger, type MiddlewareConsumer, Module, type NestModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IdempotencyMiddleware } from './idempotency.middleware.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/** Keys are kept 48 hours (at least 24 promised), pruned hourly. */
const KEEP_HOURS = 48;

@Module({ providers: [IdempotencyRepository, IdempotencyMiddleware] })
export class IdempotencyModule implements NestModule, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyMiddleware).forRoutes('graphql');
  }

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.keys.prune(KEEP_HOURS).catch((e: unknown) => this.logger.warn(`pruning failed: ${(e as Error).message}`));
    }, 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
