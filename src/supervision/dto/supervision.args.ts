// Arguments of the supervision mutations and queries, validated as classes.
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { COMMENT_MAX, DOCUMENT_NUMBER_MAX, SUMMARY_MAX } from '../../../workflows/issue.rules.js';
import { ORDER_LEVELS, type OrderLevel } from '../../../workflows/issue.types.js';
import { OrderLevelEnum, OrderStatusEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { MAX_PROBLEMS_PER_ORDER } from '../supervision.service.js';
import { ORDER_STATUSES, type OrderStatus } from '../supervision.repository.js';

@InputType('IssueSupervisionOrderInput', { description: 'A supervision order (督办单) to issue' })
export class IssueSupervisionOrderInput {
  @Field(() => [ID], { description: 'The problems it concerns: 1 to 100, all led by the unit it goes to' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROBLEMS_PER_ORDER)
  @IsUUID('all', { each: true })
  issueIds: string[];
  @Field(() => OrderLevelEnum, { description: '督办 or 挂牌督办; the problems are raised to it if below' })
  @IsIn(ORDER_LEVELS)
  level: OrderLevel;
  @Field(() => String, { nullable: true, description: '督办单编号, unique; absent: 督办〔year〕n号 is given' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DOCUMENT_NUMBER_MAX)
  number?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the written reply is due, in the future; absent: the settings’ working days from now (24:00)',
  })
  @IsOptional()
  @IsDate()
  replyDueAt?: Date;
  @Field({ description: 'Why (督办事由), up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  reasons: string;
}

@ArgsType()
export class RecordIdArgs {
  @Field(() => ID, { description: 'Its id' }) @IsUUID() id: string;
}

@ArgsType()
export class OrderRefArgs {
  @Field(() => ID, { description: 'The order’s id' }) @IsUUID() orderId: string;
}

@ArgsType()
export class ReplyToOrderArgs extends OrderRefArgs {
  @Field({ description: '情况说明: why, and how things stand; up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  explanation: string;
  @Field({ description: '整改措施 and dates; up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  measures: string;
  @Field(() => [ID], {
    nullable: true,
    description: 'Evidence uploaded by this token to the order’s problems, each attached to its own problem’s reply',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

@ArgsType()
export class DecideOrderReplyArgs extends OrderRefArgs {
  @Field({ description: 'true: the reply is accepted and the order closed (办结); false: sent back for another' })
  @IsBoolean()
  accepted: boolean;
  @Field(() => String, { nullable: true, description: 'The office’s opinion; required when sending it back' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

@ArgsType()
export class InstructArgs {
  @Field(() => [ID], { nullable: true, description: 'The problems (of one unit) it is on; or name an order instead' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROBLEMS_PER_ORDER)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  issueIds?: string[];
  @Field(() => ID, { nullable: true, description: 'The order it is written on (its problems)' })
  @IsOptional()
  @IsUUID()
  orderId?: string;
  @Field({ description: 'What the leader writes, up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  text: string;
}

@ArgsType()
export class AcknowledgeInstructionArgs {
  @Field(() => ID, { description: 'The instruction’s id' }) @IsUUID() instructionId: string;
  @Field(() => String, { nullable: true, description: 'What the unit says on acknowledging it (落实意见)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

/** What both lists narrow by: the unit, the problem, how many. */
@ArgsType()
class SupervisionListArgs {
  @Field(() => ID, { nullable: true, description: 'Only this unit’s (a unit reads its own whatever it names)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field(() => ID, { nullable: true, description: 'Only those on this problem' })
  @IsOptional()
  @IsUUID()
  issueId?: string;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many, newest first (1–200)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  first?: number;
}

@ArgsType()
export class SupervisionOrdersArgs extends SupervisionListArgs {
  @Field(() => OrderStatusEnum, { nullable: true, description: 'Only those standing so' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
  @Field({ nullable: true, description: 'Only those awaiting a reply past its date' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class LeaderInstructionsArgs extends SupervisionListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only acknowledged (true) or awaiting acknowledgement (false)' })
  @IsOptional()
  @IsBoolean()
  acknowledged?: boolean;
  @Field(() => ID, { nullable: true, description: 'Only those on this order' })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

@ArgsType()
export class SupervisionSettingsArgs {
  @Field(() => [OrderLevelEnum], { description: 'The rungs at which the sweep also issues an order; empty: none' })
  @IsArray()
  @ArrayUnique()
  @IsIn(ORDER_LEVELS, { each: true })
  autoOrderLevels: OrderLevel[];
  @Field(() => Int, { description: 'Working days to reply when the office names no date, 1–60' })
  @IsInt()
  @Min(1)
  @Max(60)
  replyWorkingDays: number;
}
