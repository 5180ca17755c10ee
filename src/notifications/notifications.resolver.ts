import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { NewestFirstPageArgs } from '../common/page.args.js';
import type { RequestContext } from '../common/request-context.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import {
  AddUnitContactInput,
  NotificationModel,
  NotificationRuleModel,
  SetNotificationRuleInput,
  TextMessageModel,
  TextMessageStatusEnum,
  UnitContactModel,
} from './notification.model.js';
import type { ContactRecord, MessageRecord, MessageStatus, NotificationRecord } from './notifications.repository.js';
import { NotificationsService, type RuleView } from './notifications.service.js';

@ArgsType()
class ContactsArgs {
  @Field(() => ID, { nullable: true, description: 'One unit’s contacts; absent: every unit’s and the leaders' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

@ArgsType()
class ContactIdArgs {
  @Field(() => ID, { description: 'The contact’s id' }) @IsUUID() id: string;
}

@ArgsType()
class InboxArgs extends NewestFirstPageArgs {
  @Field({ nullable: true, defaultValue: false, description: 'Unread ones only' })
  @IsOptional()
  @IsBoolean()
  unread: boolean = false;
}

@ArgsType()
class TextMessagesArgs extends NewestFirstPageArgs {
  @Field(() => TextMessageStatusEnum, { nullable: true, description: 'Only those pending, sent or failed' })
  @IsOptional()
  @IsIn(['PENDING', 'SENT', 'FAILED'])
  status?: MessageStatus;
}

@ArgsType()
class MarkReadArgs {
  @Field(() => [ID], { nullable: true, description: 'The notifications to mark read; absent: the whole inbox' })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];
}

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Allowed('manageContacts')
  @Query(() => [UnitContactModel], { description: 'Units’ contact persons and the district leaders (the office only)' })
  unitContacts(@Args() a: ContactsArgs): Promise<ContactRecord[]> {
    return this.service.contacts(a.unitId);
  }

  @Allowed('manageContacts')
  @Mutation(() => UnitContactModel, { description: 'Adds a unit’s 责任人 or 联络员, or a district leader' })
  addUnitContact(
    @Args('input', { description: 'Who, their mobile and what they are to the unit' }) input: AddUnitContactInput,
  ): Promise<ContactRecord> {
    return this.service.addContact(input);
  }

  @Allowed('manageContacts')
  @Mutation(() => Boolean, { description: 'Removes a contact; text messages still to go to them are dropped' })
  removeUnitContact(@Args() a: ContactIdArgs): Promise<boolean> {
    return this.service.removeContact(a.id);
  }

  @Allowed('readNotificationRules')
  @Query(() => [NotificationRuleModel], { description: 'When people are told and how, rule by rule' })
  notificationRules(): Promise<RuleView[]> {
    return this.service.rules();
  }

  @Allowed('manageNotificationRules')
  @Mutation(() => NotificationRuleModel, {
    description: 'Sets a rule: on or off, its channels, its days, its template',
  })
  setNotificationRule(
    @Args('input', { description: 'The rule and what it is to be' }) input: SetNotificationRuleInput,
  ): Promise<RuleView> {
    return this.service.setRule(input);
  }

  @Allowed('readTextMessages')
  @Query(() => [TextMessageModel], {
    description: 'Text messages to contact persons, newest first: pending, sent, failed (the office only)',
  })
  textMessages(@Args() a: TextMessagesArgs): Promise<MessageRecord[]> {
    return this.service.messages(a.status ?? null, a.first, a.after ?? null);
  }

  @Allowed('readInbox')
  @Query(() => [NotificationModel], {
    description: 'The inbox, newest first: a unit’s own; the office’s and leaders’ the daily digest',
  })
  notifications(@Args() a: InboxArgs, @CurrentCaller() caller: Caller): Promise<NotificationRecord[]> {
    return this.service.inbox(caller, a.unread, a.first, a.after ?? null);
  }

  @Allowed('readInbox')
  @Query(() => Int, { description: 'How many notifications of the inbox are unread' })
  unreadNotificationCount(@CurrentCaller() caller: Caller): Promise<number> {
    return this.service.unreadCount(caller);
  }

  @Allowed('readInbox')
  @Mutation(() => Int, { description: 'Marks notifications of the inbox read; answers how many were unread' })
  markNotificationsRead(@Args() a: MarkReadArgs, @CurrentCaller() caller: Caller): Promise<number> {
    return this.service.markRead(caller, a.ids ?? null);
  }
}

@Allowed('manageContacts')
@Resolver(() => UnitContactModel)
export class UnitContactResolver {
  @ResolveField(() => UnitModel, { nullable: true, description: 'The unit; null for a district leader' })
  unit(@Parent() c: ContactRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return c.unitId ? ctx.loaders.unit.load(c.unitId) : null;
  }
}

@Allowed('readTextMessages')
@Resolver(() => TextMessageModel)
export class TextMessageResolver {
  constructor(private readonly service: NotificationsService) {}

  @ResolveField(() => UnitContactModel, { description: 'To whom (removed since: still shown)' })
  contact(@Parent() m: MessageRecord): Promise<ContactRecord> {
    return this.service.contact(m.contactId);
  }
}
