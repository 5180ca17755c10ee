import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { describedEnum } from '../common/described-enum.js';
import { DateTimeScalar } from '../common/scalars.js';
import { Trim } from '../common/validation.js';
import {
  CHANNEL_LABELS,
  CONTACT_ROLE_LABELS,
  NOTIFICATION_TRIGGERS,
  TRIGGER_LABELS,
  type ContactRole,
  type NotificationChannel,
  type NotificationTrigger,
} from './notification.types.js';
import type { MessageStatus } from './notifications.repository.js';

export const NotificationTriggerEnum = describedEnum<NotificationTrigger>(
  'NotificationTrigger',
  'When a unit, or the district’s leaders, are told (a notification rule)',
  TRIGGER_LABELS,
);

export const NotificationChannelEnum = describedEnum<NotificationChannel>(
  'NotificationChannel',
  'How a notification goes out: a text message through the SMS gateway, the unit’s inbox, the service’s log',
  CHANNEL_LABELS,
);

export const ContactRoleEnum = describedEnum<ContactRole>(
  'ContactRole',
  'What a contact person is to a unit: 责任人 or 联络员 — or a district leader, who belongs to no unit',
  CONTACT_ROLE_LABELS,
);

@ObjectType('UnitContact', { description: 'A person a unit’s text messages go to (personal data: the office only)' })
export class UnitContactModel {
  @Field(() => ID, { description: 'The contact’s id' }) id: string;
  @Field(() => ID, { nullable: true, description: 'The unit’s id; null for a district leader' }) unitId: string | null;
  // `unit` is resolved by UnitContactResolver.
  @Field({ description: 'Name, e.g. 张三' }) name: string;
  @Field({ description: 'Mobile number (11 digits)' }) mobile: string;
  @Field(() => ContactRoleEnum, { description: '责任人, 联络员 or 区领导' }) role: ContactRole;
  @Field(() => DateTimeScalar, { description: 'When it was added' }) createdAt: Date;
}

@InputType({ description: 'A contact person to add to a unit, or a district leader' })
export class AddUnitContactInput {
  @Field(() => ID, { nullable: true, description: 'The unit; absent for a district leader (role LEADER)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field({ description: 'Name, e.g. 张三' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @Field({ description: 'A mainland mobile number, e.g. 13800138000 (+86 or 0086 before it is dropped)' })
  @Trim()
  @IsString()
  @MaxLength(20)
  mobile: string;

  @Field(() => ContactRoleEnum, {
    description: 'RESPONSIBLE (责任人) or LIAISON (联络员) of the unit; LEADER without a unit',
  })
  @IsIn(Object.keys(CONTACT_ROLE_LABELS))
  role: ContactRole;
}

@ObjectType('NotificationRule', { description: 'When the office has people told, and how' })
export class NotificationRuleModel {
  @Field(() => NotificationTriggerEnum, { description: 'What it tells of' }) trigger: NotificationTrigger;
  @Field({ description: 'Off: nobody is told' }) enabled: boolean;
  @Field(() => [NotificationChannelEnum], { description: 'Where it goes' }) channels: NotificationChannel[];
  @Field(() => Int, { nullable: true, description: 'DUE_SOON: days before the deadline; null for the others' })
  daysBefore: number | null;
  @Field({ description: 'The SMS gateway’s template id for its text messages' }) smsTemplateId: string;
  @Field({ description: 'Its Chinese text, {name} being a parameter sent to the gateway beside it' }) template: string;
  @Field(() => DateTimeScalar, { description: 'When it was last set' }) updatedAt: Date;
}

@InputType({ description: 'A notification rule as the office sets it' })
export class SetNotificationRuleInput {
  @Field(() => NotificationTriggerEnum, { description: 'The rule to set' })
  @IsIn(NOTIFICATION_TRIGGERS)
  trigger: NotificationTrigger;

  @Field({ description: 'Off: nobody is told' })
  @IsBoolean()
  enabled: boolean;

  @Field(() => [NotificationChannelEnum], { description: 'Where it goes (SMS needs RECTIFY_SMS_GATEWAY_URL)' })
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(Object.keys(CHANNEL_LABELS), { each: true })
  channels: NotificationChannel[];

  @Field(() => Int, { nullable: true, description: 'DUE_SOON only: days before the deadline (1–30)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  daysBefore?: number;

  @Field({ nullable: true, description: 'The gateway’s template id; absent keeps the one set' })
  @IsOptional()
  @Trim()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'smsTemplateId: letters, digits, _ . - (at most 64)' })
  smsTemplateId?: string;
}

@ObjectType('Notification', { description: 'What a unit (or the leaders) was told: an inbox entry' })
export class NotificationModel {
  @Field(() => ID, { description: 'The notification’s id' }) id: string;
  @Field(() => NotificationTriggerEnum, { description: 'The rule that raised it' }) trigger: NotificationTrigger;
  @Field(() => ID, { nullable: true, description: 'The problem it is about; null for the digest' })
  issueId: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The look-back campaign it tells of (LOOKBACK_ASSIGNED: lookbackCampaign(id)); null for the others',
  })
  lookbackCampaignId: string | null;
  @Field({ description: 'The text, as a text message would read' }) text: string;
  @Field(() => DateTimeScalar, { description: 'When it was made' }) createdAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was marked read; null: unread' })
  readAt: Date | null;
}

export const TextMessageStatusEnum = describedEnum<MessageStatus>(
  'TextMessageStatus',
  'How a text message’s sending went',
  { PENDING: '待发送（或等待重试、免打扰时段结束）', SENT: '网关已受理', FAILED: '重试用尽或联系人已删除，不再发送' },
);

@ObjectType('TextMessage', { description: 'A text message to a contact person, as the office follows it' })
export class TextMessageModel {
  @Field(() => ID, { description: 'The message’s id, also its webhook-id header at the gateway' }) id: string;
  @Field(() => ID, { description: 'The notification it carries' }) notificationId: string;
  // `contact` is resolved by TextMessageResolver.
  contactId: string;
  @Field({ description: 'Its text' }) text: string;
  @Field(() => TextMessageStatusEnum, { description: 'Pending, sent or failed' }) status: MessageStatus;
  @Field(() => Int, { description: 'Attempts so far' }) attempts: number;
  @Field(() => Int, { nullable: true, description: 'The gateway’s last status code; null when none came' })
  lastResponseCode: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' }) lastError: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it is tried next; null once sent or failed' })
  nextAttemptAt: Date | null;
  @Field(() => DateTimeScalar, { description: 'When it was queued' }) createdAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the gateway accepted it' }) sentAt: Date | null;
}
