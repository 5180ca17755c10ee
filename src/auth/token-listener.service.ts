import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { TokenCache } from './token-cache.js';

const CHANNEL = 'rectify_tokens';
const RETRY_MS = [250, 1000, 5000];

/**
 * Holds one connection of its own with LISTEN rectify_tokens: the token cache is live exactly while it does.
 * A lost connection darkens the cache at once (requests look tokens up again) and is retried.
 */
@Injectable()
export class TokenListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TokenListener');
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly cache: TokenCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.tokenCacheSize > 0) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.cache.goDark();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.databaseUrl!,
      application_name: 'rectify-tokens',
      connectionTimeoutMillis: 5000,
    });
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      this.cache.goDark();
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
      if (this.failures === 1) this.logger.warn(`token cache off (${why}); listening again in ${wait} ms`);
      this.retry = setTimeout(() => void this.connect(), wait);
    };
    client.on('error', (e: Error) => onLost(e.message));
    client.on('end', () => onLost('connection closed'));
    client.on('notification', () => this.cache.invalidate());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      onLost((e as Error).message);
      return;
    }
    if (this.stopped || lost) return void client.end().catch(() => undefined);
    this.client = client;
    if (this.failures > 0) this.logger.log('token cache on again');
    this.failures = 0;
    this.cache.goLive();
  }
}
