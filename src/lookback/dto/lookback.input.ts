// The inputs of look-back campaigns: flat GraphQL arguments and inputs, validated as classes.
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  ValidateNested,
} from 'class-validator';
import { COMMENT_MAX } from '../../../workflows/issue.rules.js';
import { ISSUE_SOURCES, type IssueSource } from '../../../workflows/issue.types.js';
import { IssueSourceEnum } from '../../common/graphql-enums.js';
import { NewestFirstPageArgs } from '../../common/page.args.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { EXPECTED_VERSION } from '../../issues/dto/event.args.js';
import { LookbackCampaignStatusEnum, LookbackFindingEnum, LookbackItemStatusEnum } from '../lookback.model.js';
import {
  LOOKBACK_CAMPAIGN_STATUSES,
  LOOKBACK_FINDINGS,
  LOOKBACK_ITEM_STATUSES,
  type LookbackCampaignStatus,
  type LookbackFinding,
  type LookbackItemStatus,
} from '../lookback.repository.js';

/** A campaign lists at most this many problems by id or by code (a larger one is a batch, a year, a source, a unit). */
export const LISTED_MAX = 5000;

@InputType('LookbackSelectionInput', {
  description:
    'Which closed problems (已销号: CLOSED or REVISITED, not duplicates, in no other campaign still open) a campaign ' +
    'looks back at: at least one condition, every condition given must hold. Problems listed by id or code are taken ' +
    'whole or refused (BAD_USER_INPUT naming those that are unknown or not closed)',
})
export class LookbackSelectionInput {
  @Field({
    nullable: true,
    description:
      'A batch (批次), e.g. "第三轮中央生态环境保护督察 第5批", or a round: the batches that begin with it and a space',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  batch?: string;

  @Field(() => Int, { nullable: true, description: 'The year (Asia/Shanghai) the problems were closed (销号) in' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @Field(() => [IssueSourceEnum], { nullable: true, description: 'Only problems from one of these sources' })
  @IsOptional()
  @IsArray()
  @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];

  @Field(() => ID, { nullable: true, description: 'Only problems led by this unit or a unit under it' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => [ID], { nullable: true, description: `Problems listed by id (with codes: either), up to ${LISTED_MAX}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LISTED_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  issueIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: `Problems listed by code (问题编号, e.g. ZY-2026-00042), up to ${LISTED_MAX}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LISTED_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  codes?: string[];
}

@InputType('StartLookbackInput', { description: 'A look-back campaign (回头看) to start' })
export class StartLookbackInput {
  @Field({ description: 'Its title, up to 200 characters, e.g. 第5批交办问题整改“回头看”' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @Field(() => LookbackSelectionInput, { description: 'Which closed problems it looks back at' })
  @ValidateNested()
  @Type(() => LookbackSelectionInput)
  selection: LookbackSelectionInput;

  @Field(() => DateTimeScalar, { description: 'When the units’ self-check reports are due; in the future' })
  @IsDate()
  dueAt: Date;
}

@ArgsType()
export class LookbackCampaignIdArgs {
  @Field(() => ID, { description: 'The campaign’s id' }) @IsUUID() id: string;
}

@ArgsType()
export class EndLookbackArgs extends LookbackCampaignIdArgs {
  @Field({ description: 'Why it ends before every problem is concluded, up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMMENT_MAX)
  reason: string;
}

@ArgsType()
export class LookbackCampaignsArgs extends NewestFirstPageArgs {
  @Field(() => [LookbackCampaignStatusEnum], { nullable: true, description: 'Only campaigns in one of these' })
  @IsOptional()
  @IsArray()
  @IsIn(LOOKBACK_CAMPAIGN_STATUSES, { each: true })
  statuses?: LookbackCampaignStatus[];
}

@ArgsType()
export class LookbackItemsArgs {
  @Field(() => ID, { nullable: true, description: 'Only this campaign’s items' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this unit’s items (a unit reads its own, named or not)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => [LookbackItemStatusEnum], { nullable: true, description: 'Only items in one of these' })
  @IsOptional()
  @IsArray()
  @IsIn(LOOKBACK_ITEM_STATUSES, { each: true })
  statuses?: LookbackItemStatus[];

  @Field({ nullable: true, description: 'true only the overdue items (逾期未报), false only the others' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 50,
    description: 'How many, in the campaign’s order (campaign, then problem code), at most 200',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The id of the last item of the page before' })
  @IsOptional()
  @IsUUID()
  after?: string;
}

@ArgsType()
export class LookbackItemArgs {
  @Field(() => ID, { description: 'The item’s id (LookbackItem.id)' }) @IsUUID() itemId: string;
}

@ArgsType()
export class ReportLookbackArgs extends LookbackItemArgs {
  @Field(() => LookbackFindingEnum, { description: 'What the self-check found' })
  @IsIn(LOOKBACK_FINDINGS)
  finding: LookbackFinding;

  @Field({ description: 'What was checked and how (自查情况), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMMENT_MAX)
  comment: string;
}

@ArgsType()
export class ConcludeLookbackArgs extends LookbackItemArgs {
  @Field({ description: 'true: the problem has rebounded (反弹) and goes back to its unit; false: it holds' })
  @IsBoolean()
  rebounded: boolean;

  @Field({
    nullable: true,
    description: 'The office’s opinion, up to 2000 characters, kept in the audit log; required for a rebound',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'A rebound’s new deadline (整改时限), in the future; required for a rebound, absent otherwise',
  })
  @IsOptional()
  @IsDate()
  newDueAt?: Date;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}
