import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: registered by the office and units, announced from the log (migration 1763900000022). */
@Module({
  imports: [UnitsModule],
  providers: [WebhooksRepository, WebhooksService, WebhooksResolver, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
