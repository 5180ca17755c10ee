import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '../../../workflows/issue.types.js';
import { DeadlineKindEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';

@InputType('AssignInput')
export class AssignInput {
  @Field(() => ID) @IsUUID() issueId: string;
  @Field(() => ID) @IsUUID() leadUnitId: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsUUID('all', { each: true })
  cooperatingUnitIds?: string[];
  @Field(() => DeadlineKindEnum) @IsIn(DEADLINE_KINDS) deadlineKind: DeadlineKind;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Required for DATE; in the future' })
  @IsOptional() @IsDate() dueAt?: Date;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}
