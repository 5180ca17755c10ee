import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { NewestFirstPageArgs } from '../common/page.args.js';
import type { RequestContext } from '../common/request-context.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { CreateWebhookInput, WebhookDeliveryModel, WebhookModel, WebhookWithSecretModel } from './webhook.model.js';
import type { DeliveryRecord, WebhookRecord } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

@ArgsType()
class WebhookIdArgs {
  @Field(() => ID, { description: 'The webhook’s id' }) @IsUUID() id: string;
}

@ArgsType()
class DeliveriesArgs extends NewestFirstPageArgs {
  @Field(() => ID, { description: 'The webhook’s id' }) @IsUUID() webhookId: string;
}

@ArgsType()
class RedeliverArgs {
  @Field(() => ID, { description: 'The delivery to send again, with the same webhook-id' })
  @IsUUID()
  deliveryId: string;
}

@Allowed('manageWebhooks')
@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookModel], { description: 'The webhooks in force: the office’s every one, a unit’s its own' })
  webhooks(@CurrentCaller() caller: Caller): Promise<WebhookRecord[]> {
    return this.service.list(caller);
  }

  @Query(() => [WebhookDeliveryModel], { description: 'A webhook’s deliveries, newest first' })
  webhookDeliveries(@Args() a: DeliveriesArgs, @CurrentCaller() caller: Caller): Promise<DeliveryRecord[]> {
    return this.service.deliveries(a.webhookId, a.first, a.after ?? null, caller);
  }

  @Mutation(() => WebhookWithSecretModel, {
    description: 'Registers a receiver: OFFICE for any unit or all, a UNIT for its own; the secret is shown once',
  })
  createWebhook(
    @Args('input', { description: 'Where, what and whose: the receiver’s URL, event types and unit' })
    input: CreateWebhookInput,
    @CurrentCaller() caller: Caller,
  ): Promise<{ webhook: WebhookRecord; secret: string }> {
    return this.service.create(input, caller);
  }

  @Mutation(() => Boolean, { description: 'Stops a webhook; what it still had pending is marked failed' })
  deleteWebhook(@Args() a: WebhookIdArgs, @CurrentCaller() caller: Caller): Promise<boolean> {
    return this.service.delete(a.id, caller);
  }

  @Mutation(() => WebhookDeliveryModel, { description: 'Sends a delivery again (same webhook-id), in order' })
  redeliverWebhook(@Args() a: RedeliverArgs, @CurrentCaller() caller: Caller): Promise<DeliveryRecord> {
    return this.service.redeliver(a.deliveryId, caller);
  }

  @ResolveField(() => UnitModel, {
    nullable: true,
    description: 'The unit whose problems it receives; null: every problem',
  })
  unit(@Parent() webhook: WebhookRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return webhook.unitId ? ctx.loaders.unit.load(webhook.unitId) : null;
  }
}
