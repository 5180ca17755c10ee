// Arguments of the plan's mutations (整改方案): the plan itself, its milestones reported done; cooperating units' parts.
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsInt,
  IsUUID,
  Max,
  Min,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MILESTONES_MAX, NAME_MAX, SUMMARY_MAX } from '../../../workflows/issue.rules.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { VersionedArgs, WithEvidenceArgs } from './event.args.js';

@InputType('PlanPersonInput', { description: 'A person the plan names: a name and a post (职务)' })
export class PlanPersonInput {
  @Field({ description: 'Their name, up to 50 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  name: string;
  @Field({ description: 'Their post (职务), up to 50 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  post: string;
}

@InputType('MilestoneInput', { description: 'A dated stage of the plan (节点)' })
export class MilestoneInput {
  @Field({ description: 'What is done by then, distinct within the plan; a done milestone keeps its title' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  title: string;
  @Field(() => DateTimeScalar, {
    description: 'When: a new milestone in the future, none after a dated deadline; long-term work at least yearly',
  })
  @IsDate()
  dueAt: Date;
}

@ArgsType()
export class SetPlanArgs extends WithEvidenceArgs {
  @Field({ description: '整改目标, up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  goal: string;
  @Field({ description: '整改措施, up to 5000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  measures: string;
  @Field(() => PlanPersonInput, { description: '责任领导' })
  @ValidateNested()
  @Type(() => PlanPersonInput)
  leader: PlanPersonInput;
  @Field(() => PlanPersonInput, { description: '责任人' })
  @ValidateNested()
  @Type(() => PlanPersonInput)
  responsible: PlanPersonInput;
  @Field(() => [MilestoneInput], { description: 'The milestones (节点), 1 to 20' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MILESTONES_MAX)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInput)
  milestones: MilestoneInput[];
}

@ArgsType()
export class ReturnPlanArgs extends VersionedArgs {
  @Field({ description: 'What the plan lacks (退回意见), up to 2000 characters: the unit reads it' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

@ArgsType()
export class CompleteMilestoneArgs extends WithEvidenceArgs {
  @Field({ description: 'The milestone’s title, as the plan names it' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUMMARY_MAX)
  milestone: string;
  @Field({ nullable: true, description: 'What was done, up to 2000 characters, kept in the audit log' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

@ArgsType()
export class ReportPartArgs extends WithEvidenceArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'The cooperating unit whose part this is: a unit’s own (the default); the office names the unit',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field(() => Int, { description: 'Progress of the part, a percentage 0–100' })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercent: number;
  @Field({ description: 'What was done (配合情况), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
  @Field({ description: 'The part is done (配合任务完成): it no longer holds up the lead’s submission' })
  @IsBoolean()
  done: boolean;
}

@ArgsType()
export class WaivePartArgs extends VersionedArgs {
  @Field(() => ID, { description: 'The cooperating unit whose part the office waives' }) @IsUUID() unitId: string;
  @Field({ description: 'Why (免除理由), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
