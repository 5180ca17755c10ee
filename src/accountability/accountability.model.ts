import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AccountabilityKindEnum } from '../common/graphql-enums.js';
import { DateScalar, DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { AccountabilityKind, AccountabilityProblem } from './accountability.record.js';

@ObjectType('AccountabilityProblem', { description: 'A problem an accountability record concerns' })
export class AccountabilityProblemModel {
  @Field(() => ID, { description: 'The problem’s id' }) id: string;
  @Field({ description: 'Its code, e.g. ZY-2026-00060' }) code: string;
  @Field({ description: 'Its title' }) title: string;
}

@ObjectType('AccountabilityRecord', {
  description:
    '追责问责: an interview (约谈), public criticism (通报批评) or accountability (问责) the office recorded',
})
export class AccountabilityRecordModel {
  @Field(() => ID, { description: 'The record’s id' }) id: string;
  @Field(() => AccountabilityKindEnum, { description: 'What was decided' }) kind: AccountabilityKind;
  @Field(() => UnitModel, { description: 'The unit it is against' }) unit: UnitRecord;
  @Field(() => String, {
    nullable: true,
    description: 'The person interviewed or held to account; null when none was named, and always for a UNIT caller',
  })
  personName: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Their post; null when none was given, and always for a UNIT caller',
  })
  personPost: string | null;
  @Field({ description: 'The document that records the decision (文号)' }) documentNumber: string;
  @Field(() => DateScalar, { description: 'The day it was decided (Asia/Shanghai): the week and period it counts in' })
  decidedOn: string;
  @Field({ description: 'What it was for (事由)' }) reason: string;
  @Field(() => [AccountabilityProblemModel], { description: 'The problems it concerns, by code' })
  problems: AccountabilityProblem[];
  @Field(() => DateTimeScalar, { description: 'When it was recorded' }) recordedAt: Date;
  @Field({ description: 'Who recorded it (the token’s label)' }) recordedBy: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; null while it stands' })
  revokedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Who revoked it' }) revokedBy: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was revoked' }) revokeReason: string | null;
}
