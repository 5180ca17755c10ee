import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ISSUE_EVENT_TYPES } from '../../workflows/issue.types.js';
import { DateTimeScalar } from '../common/scalars.js';
import { Trim } from '../common/validation.js';
import { UnitModel } from '../units/unit.model.js';

/** The types a webhook may ask for: "issue." and a logged event. */
export const WEBHOOK_EVENT_TYPES = ['file', ...ISSUE_EVENT_TYPES].map((t) => `issue.${t}`);

@InputType({ description: 'A receiver to register (Standard Webhooks: every delivery is signed with its secret)' })
export class CreateWebhookInput {
  @Field({
    description: 'Where deliveries are POSTed (http or https); reachable as RECTIFY_WEBHOOK_ALLOWED_NETWORKS allows',
  })
  @Trim()
  @IsString()
  @MaxLength(2000)
  url: string;

  @Field(() => [String], {
    nullable: true,
    description: '"issue.<machine event>" types, e.g. "issue.assign", "issue.escalate"; empty or absent: all',
  })
  @IsOptional()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The unit whose problems it receives (what that unit may see); OFFICE: any unit or absent for all; UNIT: its own (the default)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field({ nullable: true, description: 'What it is for, for whoever lists the webhooks' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;
}

@ObjectType('Webhook', { description: 'A registered receiver of a unit’s (or every) problem’s events' })
export class WebhookModel {
  @Field(() => ID, { description: 'Its id, as deleteWebhook and webhookDeliveries take it' }) id: string;
  @Field({ description: 'Where deliveries are POSTed' }) url: string;
  @Field(() => [String], { description: 'The event types it receives; empty: all' }) events: string[];
  @Field(() => UnitModel, { nullable: true, description: 'The unit whose problems it receives; null: every problem' })
  unit?: UnitModel | null;
  @Field(() => String, { nullable: true, description: 'What it is for' }) description: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was registered; events from then on are delivered' })
  createdAt: Date;
  // unit is resolved by WebhookResolver.
  unitId: string | null;
}

@ObjectType('WebhookWithSecret', { description: 'A webhook just registered, with its signing secret' })
export class WebhookWithSecretModel {
  @Field(() => WebhookModel, { description: 'The webhook' }) webhook: WebhookModel;
  @Field({ description: '"whsec_" + base64: verifies webhook-signature (Standard Webhooks); shown once, never again' })
  secret: string;
}

@ObjectType('WebhookDelivery', { description: 'One log row’s message to one webhook, and how its sending went' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'Also its webhook-id header, the same on every attempt: receivers dedupe by it' })
  id: string;
  @Field({ description: '"issue.<machine event>"' }) eventType: string;
  @Field(() => ID, { description: 'The problem it is about' }) issueId: string;
  @Field(() => Int, { description: 'The log row’s seq on its problem' }) seq: number;
  @Field({ description: 'PENDING (to be sent or retried), DELIVERED (a 2xx came back) or FAILED (retries spent)' })
  status: string;
  @Field(() => Int, { description: 'Attempts made' }) attempts: number;
  @Field(() => Int, { nullable: true, description: 'The status code of the last attempt; null: no answer' })
  lastResponseCode: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (never the receiver’s body)' })
  lastError: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it is tried next; null once delivered or failed' })
  nextAttemptAt: Date | null;
  @Field(() => DateTimeScalar, { description: 'When it was planned' }) createdAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a 2xx came back' }) deliveredAt: Date | null;
}
