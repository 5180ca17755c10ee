import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '../../../workflows/issue.types.js';
import { DeadlineKindEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { EXPECTED_VERSION } from './event.args.js';

@InputType('AssignInput', {
  description: 'An assignment (交办): the lead unit, the cooperating units and the deadline',
})
export class AssignInput {
  @Field(() => ID, { description: 'The problem’s id' }) @IsUUID() issueId: string;
  @Field(() => ID, { description: 'The lead unit (牵头单位) responsible for the rectification' })
  @IsUUID()
  leadUnitId: string;
  @Field(() => [ID], { nullable: true, description: 'Cooperating units (配合单位), up to 30, none of them the lead' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  cooperatingUnitIds?: string[];
  @Field(() => ID, {
    nullable: true,
    description:
      'The supervising department (行业主管部门) that reviews the unit’s submission before the office accepts it, when ' +
      'the source’s closure policy has DEPARTMENT_REVIEW; neither the lead nor a cooperating unit. Absent: none',
  })
  @IsOptional()
  @IsUUID()
  supervisingUnitId?: string;
  @Field(() => DeadlineKindEnum, {
    description: 'DATE (with dueAt), IMMEDIATE (due at the end of the next working day) or LONG_TERM (no deadline)',
  })
  @IsIn(DEADLINE_KINDS)
  deadlineKind: DeadlineKind;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Required for DATE; in the future' })
  @IsOptional()
  @IsDate()
  dueAt?: Date;
  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
  @Field({ nullable: true, description: 'A note for the units, up to 2000 characters, kept in the audit log' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
