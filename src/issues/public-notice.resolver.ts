// 销号公示 on the public page: anyone objects to a closure in its notice (the list itself is publicNotices, beside
// publicIssues); the office reads who objected, on the problem.
import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Parent,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Public } from '../auth/auth.decorators.js';
import { maySeeObjectors } from '../auth/policy.js';
import type { RequestContext } from '../common/request-context.js';
import { DateTimeScalar } from '../common/scalars.js';
import { Trim } from '../common/validation.js';
import { COMMENT_MAX } from '../../workflows/issue.rules.js';
import { viewer } from './issue-fields.resolver.js';
import { IssueModel } from './issue.model.js';
import type { IssueRecord } from './issue.record.js';
import type { NoticeObjectionRecord } from './notice-objections.repository.js';
import { NoticeObjectionsService, type ObjectionReceipt } from './notice-objections.service.js';

@InputType('PublicObjectionInput', {
  description: 'An objection to a closure in its public notice (公示异议), from anyone, with a way to call them back',
})
class PublicObjectionInput {
  @Field(() => ID, { description: 'The problem in 公示 (from publicNotices)' }) @IsUUID() issueId: string;
  @Field({ description: 'What is still wrong (异议内容), up to 2000 characters; the units read it in the log' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMMENT_MAX)
  comment: string;
  @Field({ description: 'Who objects (姓名), up to 50 characters; the office only reads it' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;
  @Field({ description: 'A phone number to call them back (联系电话); the office only reads it' })
  @Trim()
  @Matches(/^\+?[0-9][0-9 -]{5,19}$/, { message: '联系电话格式不正确' })
  phone: string;
}

@ObjectType('ObjectionReceipt', { description: 'What the public is told of an objection received (受理回执)' })
class ObjectionReceiptModel {
  @Field({ description: 'The problem’s code (问题编号)' }) issueCode: string;
  @Field(() => DateTimeScalar, { description: 'When it was received' }) receivedAt: Date;
  @Field({
    description: 'The notice stopped for the office to examine it; false: it joined an objection already examined',
  })
  stoppedNotice: boolean;
}

@ObjectType('NoticeObjection', {
  description: '公示异议 from the public page, with the objector’s contact: the office only',
})
class NoticeObjectionModel {
  @Field(() => ID, { description: 'Its id' }) id: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The seq of the object event it raised; null: it joined an objection being examined',
  })
  eventSeq: number | null;
  @Field({ description: 'Who objected (姓名)' }) name: string;
  @Field({ description: 'Their phone number (联系电话)' }) phone: string;
  @Field({ description: 'What they said (异议内容)' }) comment: string;
  @Field(() => DateTimeScalar, { description: 'When it was received' }) receivedAt: Date;
}

@Resolver(() => IssueModel)
export class PublicNoticeResolver {
  constructor(private readonly objections: NoticeObjectionsService) {}

  @Public()
  @Mutation(() => ObjectionReceiptModel, {
    description:
      'No token needed: objects to a closure in its public notice (公示异议). The notice stops and goes to the office; ' +
      'a few per hour from one address (RATE_LIMITED past them); NOT_FOUND for a problem not in 公示',
  })
  objectToPublicNotice(
    @Args('input', { description: 'The objection' }) input: PublicObjectionInput,
    @Context() ctx: RequestContext,
  ): Promise<ObjectionReceipt> {
    return this.objections.object(input, ctx.req?.ip ?? '');
  }

  @ResolveField(() => [NoticeObjectionModel], {
    description: 'OFFICE only (empty for everyone else): who objected to its public notice, and how to reach them',
  })
  async noticeObjections(
    @Parent() issue: IssueRecord,
    @Context() ctx: RequestContext,
  ): Promise<NoticeObjectionRecord[]> {
    if (!maySeeObjectors(viewer(issue, ctx))) return [];
    return ctx.loaders.objections.load(issue.id);
  }
}
