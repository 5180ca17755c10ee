// Registering, listing and stopping webhooks, and their deliveries, as the policy lets a caller (auth/policy.ts).
import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import { mayWatch, unitInScope } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, forbidden, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UnitsRepository } from '../units/units.repository.js';
import { newSecret } from './webhook-message.js';
import { addressAllowed, hostOf, urlProblem } from './webhook-target.js';
import { WebhooksRepository, type DeliveryRecord, type WebhookRecord } from './webhooks.repository.js';

export interface NewWebhook {
  url: string;
  events?: string[];
  unitId?: string;
  description?: string;
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: NewWebhook, caller: Caller): Promise<{ webhook: WebhookRecord; secret: string }> {
    const unitId = unitInScope(caller, input.unitId);
    if (!mayWatch(caller, unitId)) throw forbidden('A unit may register webhooks for its own problems only');
    if (unitId && (await this.units.byIds([unitId])).length === 0) throw badInput(['unitId'], 'No unit with that id');
    const problem = urlProblem(input.url);
    if (problem) throw badInput(['url'], problem);
    // An address written in the URL is judged now; a name, at every delivery (what it resolves to then).
    const { host, isAddress } = hostOf(new URL(input.url));
    if (isAddress && !addressAllowed(host, this.config.webhookAllowedNetworks)) {
      throw badInput(['url'], `${host} 不在允许的网络内（RECTIFY_WEBHOOK_ALLOWED_NETWORKS）`);
    }
    const secret = newSecret();
    const webhook = await this.webhooks.create({
      url: input.url,
      events: [...new Set(input.events ?? [])],
      unitId,
      description: input.description ?? null,
      createdAt: this.clock.now(),
      secret,
      createdByTokenId: caller.tokenId,
    });
    return { webhook, secret };
  }

  /** The office's every webhook; a unit's its own unit's. */
  list(caller: Caller): Promise<WebhookRecord[]> {
    return this.webhooks.list(unitInScope(caller, null) ?? undefined);
  }

  async delete(id: string, caller: Caller): Promise<boolean> {
    await this.visible(id, caller);
    return this.webhooks.delete(id, this.clock.now());
  }

  async deliveries(webhookId: string, first: number, after: string | null, caller: Caller): Promise<DeliveryRecord[]> {
    await this.visible(webhookId, caller);
    return this.webhooks.deliveries(webhookId, first, after);
  }

  async redeliver(deliveryId: string, caller: Caller): Promise<DeliveryRecord> {
    const delivery = await this.webhooks.delivery(deliveryId);
    if (!delivery) throw notFound('Delivery');
    await this.visible(delivery.webhookId, caller);
    const again = await this.webhooks.redeliver(deliveryId, this.clock.now());
    if (!again) throw notFound('Webhook');
    return again;
  }

  /** A webhook the caller may manage, or NOT_FOUND (another unit's is not said to exist). */
  private async visible(id: string, caller: Caller): Promise<WebhookRecord> {
    const webhook = await this.webhooks.byId(id);
    if (!webhook || !mayWatch(caller, webhook.unitId)) throw notFound('Webhook');
    return webhook;
  }
}
