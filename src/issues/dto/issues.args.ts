import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ESCALATION_LEVELS,
  ISSUE_SOURCES,
  ISSUE_STATES,
  SUBSTATES,
  type EscalationLevel,
  type IssueSource,
  type IssueState,
  type Substate,
} from '../../../workflows/issue.types.js';
import { EscalationLevelEnum, IssueSourceEnum, IssueStateEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { ISSUE_ORDER_FIELDS, type IssueOrderField } from '../cursor.js';
import type { OrderDirection, UnitRole } from '../issue-list.query.js';
import { describedEnum } from '../../common/described-enum.js';

export const UnitRoleEnum = describedEnum<UnitRole>('UnitRole', 'A unit’s part in a problem', {
  LEAD: '牵头单位: the unit that leads it',
  COOPERATING: '配合单位: a unit that cooperates on it',
  SUPERVISING: '主管部门: the department that reviews the work before the office accepts it (problem lists only)',
});

export const IssueOrderFieldEnum = describedEnum<IssueOrderField>(
  'IssueOrderField',
  'What the problem list is ordered by (ties by id)',
  {
    FILED_AT: 'When the problem was filed (登记时间)',
    UPDATED_AT: 'Its last event’s time (最近更新): with ASC and `after`, a sync that misses no change',
    DUE_AT:
      'Its deadline (整改时限); problems without one come last ascending, first descending (as if due at the end of time)',
  },
);

export const OrderDirectionEnum = describedEnum<OrderDirection>('OrderDirection', 'Ascending or descending', {
  ASC: 'Smallest (earliest) first',
  DESC: 'Largest (latest) first',
});

@InputType('IssueOrder', { description: 'The problem list’s order; the default is FILED_AT DESC (newest filed first)' })
export class IssueOrder {
  @Field(() => IssueOrderFieldEnum, { description: 'The key; a cursor belongs to the order it was made in' })
  @IsIn(ISSUE_ORDER_FIELDS)
  field: IssueOrderField;
  @Field(() => OrderDirectionEnum, { description: 'The direction' }) @IsIn(['ASC', 'DESC']) direction: OrderDirection;
}

@InputType('IssueFilter', { description: 'What narrows the problem list: every condition given must hold' })
export class IssueFilter {
  @Field(() => [IssueStateEnum], { nullable: true, description: 'Only problems in one of these states (办理状态)' })
  @IsOptional()
  @IsArray()
  @IsIn(ISSUE_STATES, { each: true })
  states?: IssueState[];
  @Field(() => [String], {
    nullable: true,
    description:
      'Sub-states (子状态), as Issue.substate spells them: "ASSIGNED", "RECTIFYING.inProgress", "RECTIFYING.submitted", …',
  })
  @IsOptional()
  @IsArray()
  @IsIn(SUBSTATES, { each: true })
  substates?: Substate[];
  @Field(() => [IssueSourceEnum], { nullable: true, description: 'Only problems from one of these sources (问题来源)' })
  @IsOptional()
  @IsArray()
  @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field(() => ID, { nullable: true, description: 'Lead, cooperating or supervising unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field(() => UnitRoleEnum, {
    nullable: true,
    description:
      'With unitId (or, for a unit, its own list): only the problems the unit leads, only those it cooperates on, or ' +
      'only those it supervises (and reviews); absent: all three',
  })
  @IsOptional()
  @IsIn(['LEAD', 'COOPERATING', 'SUPERVISING'])
  unitRole?: UnitRole;
  @Field({
    nullable: true,
    description:
      'With a unit (unitId, or a unit’s own list): also the problems the unit once led or cooperated on and no longer does ' +
      '(曾承办; Issue.heldByMe false), e.g. to notice in a sync that a problem was reassigned away',
  })
  @IsOptional()
  @IsBoolean()
  includeFormer?: boolean;
  @Field({ nullable: true, description: 'Overdue (逾期): true only the overdue problems, false only the others' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
  @Field({
    nullable: true,
    description: 'Due soon (临期): held by the unit, due within RECTIFY_DUE_SOON_DAYS days (7)',
  })
  @IsOptional()
  @IsBoolean()
  dueSoon?: boolean;
  @Field({
    nullable: true,
    description:
      'Under observation (观察期): true only the closed problems still within RECTIFY_OBSERVATION_DAYS (90) calendar ' +
      'days of their closing day (Issue.underObservation), false only the others',
  })
  @IsOptional()
  @IsBoolean()
  underObservation?: boolean;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only problems whose deadline (整改时限) is before this',
  })
  @IsOptional()
  @IsDate()
  dueBefore?: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Changed since (增量同步): the last event came after this instant',
  })
  @IsOptional()
  @IsDate()
  updatedAfter?: Date;
  @Field({ nullable: true, description: 'Only problems of exactly this batch (批次)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  batch?: string;
  @Field(() => [EscalationLevelEnum], {
    nullable: true,
    description: 'Only problems at one of these rungs (预警 / 督办 / 挂牌督办), as the sweep last logged them',
  })
  @IsOptional()
  @IsArray()
  @IsIn(ESCALATION_LEVELS, { each: true })
  escalationLevels?: EscalationLevel[];
  @Field({ nullable: true, description: 'In title, description or code' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  search?: string;
  @Field(() => [ID], {
    nullable: true,
    description:
      'The city’s two-level list (市、区两级清单): only these districts’ problems (District.id; the city’s own row for ' +
      'the city’s problems). A district’s caller naming another district gets nothing, as for a missing id',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  districtIds?: string[];
  @Field({
    nullable: true,
    description:
      'Awaiting me (待我办理): the caller may send an event that moves the work on — the lead unit accept or return, ' +
      'report progress or submit, reply to an order, sign an instruction; a supervising department its review; a ' +
      'cooperating unit its pending part; a leader the leaders’ step; the office assign, decide, verify, sign its steps ' +
      'or close (Issue.awaitingMe, README "The list")',
  })
  @IsOptional()
  @IsBoolean()
  awaitingMe?: boolean;
}

const FIRST = 'The first rows after `after` (50 when neither first nor last is given)';
const LAST = 'The last rows before `before`';
const AFTER = 'A cursor: rows after it';

@ArgsType()
export class IssuesArgs {
  @Field(() => IssueFilter, { nullable: true, description: 'What narrows the list (default: all the caller may see)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IssueFilter)
  filter?: IssueFilter;
  @Field(() => IssueOrder, { nullable: true, description: 'The order (default FILED_AT DESC: newest filed first)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IssueOrder)
  orderBy?: IssueOrder;
  @Field(() => Int, { nullable: true, description: FIRST }) @IsOptional() @IsInt() @Min(0) first?: number;
  @Field({ nullable: true, description: AFTER }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) after?: string;
  @Field(() => Int, { nullable: true, description: LAST }) @IsOptional() @IsInt() @Min(0) last?: number;
  @Field({ nullable: true, description: 'A cursor: rows before it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  before?: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: FIRST }) @IsOptional() @IsInt() @Min(0) first?: number;
  @Field({ nullable: true, description: AFTER }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) after?: string;
  @Field(() => Int, { nullable: true, description: LAST }) @IsOptional() @IsInt() @Min(0) last?: number;
  @Field({ nullable: true, description: 'A cursor: rows before it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  before?: string;
}

@ArgsType()
export class IssueIdArgs {
  @Field(() => ID, { description: 'The problem’s id' }) @IsUUID() id: string;
}

@ArgsType()
export class NodeIdArgs {
  @Field(() => ID, { description: 'A global id: every id the service hands out is a UUID, unique across types' })
  @IsString()
  @MaxLength(200)
  id: string;
}

@ArgsType()
export class IssueCodeArgs {
  @Field({ description: 'The problem’s code (问题编号), e.g. ZY-2026-00042' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code: string;
}
