import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { Role } from '../../workflows/issue.types.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import { EcoAuditActionEnum, EcoReportStateEnum } from './eco-enums.js';
import type { EcoAuditAction, EcoReportState } from './eco.types.js';

@ObjectType('EcoReport', { description: "A unit's value for one indicator and period; never changed once reported" })
export class EcoReportModel {
  @Field(() => ID, { description: 'The report’s id' }) id: string;
  @Field(() => ID, { description: 'The indicator it reports on' }) indicatorId: string;
  @Field({ description: 'The indicator’s code, e.g. ZL2-01' }) indicatorCode: string;
  @Field({ description: 'The indicator’s name (指标名称)' }) indicatorName: string;
  // `unit` is resolved by EcoReportFieldsResolver.
  unitId: string;
  @Field({ description: "'2026', '2026-Q3' or '2026-09'" }) periodKey: string;
  @Field(() => Float, { description: 'The value, in the indicator’s measurement unit' }) value: number;
  @Field({ description: '数据来源' }) sourceNote: string;
  @Field(() => [String], { description: 'Evidence ids given with it (plain strings for now)' }) evidenceIds: string[];
  @Field(() => EcoReportStateEnum, { description: 'Where it stands (报送状态)' }) state: EcoReportState;
  @Field(() => String, { nullable: true, description: 'Why it supersedes the confirmed value' }) reason: string | null;
  @Field(() => ID, { nullable: true, description: 'The confirmed report it corrects' }) supersedesId: string | null;
  @Field(() => ID, { nullable: true, description: 'The report that corrected it' }) supersededById: string | null;
  @Field({ description: 'Who reported it (the token’s label)' }) reportedBy: string;
  @Field(() => RoleEnum, { description: 'UNIT, or OFFICE when the office reported for the unit' }) reportedByRole: Role;
  @Field(() => DateTimeScalar, { description: 'When it was reported' }) reportedAt: Date;
  @Field(() => String, { nullable: true, description: 'Who confirmed or returned it; null while submitted' })
  decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was confirmed or returned; null until then' })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The office’s comment on confirming or returning it' })
  decisionComment: string | null;
}

@ObjectType('EcoAuditEntry', { description: 'One row of the eco-report audit: who, when, what' })
export class EcoAuditEntryModel {
  @Field(() => ID, { description: 'The row’s id; rows are numbered in the order they were written' }) id: string;
  @Field(() => DateTimeScalar, { description: 'When it happened' }) at: Date;
  @Field({ description: 'Who acted (the token’s label)' }) actor: string;
  @Field(() => RoleEnum, { description: 'The actor’s role' }) actorRole: Role;
  @Field(() => ID, { nullable: true, description: 'The actor’s unit, for a UNIT token' }) actorUnitId: string | null;
  @Field(() => EcoAuditActionEnum, { description: 'What was done (操作)' }) action: EcoAuditAction;
  @Field(() => ID, { nullable: true, description: 'The indicator concerned, if any' }) indicatorId: string | null;
  @Field(() => ID, { nullable: true, description: 'The report concerned, if any' }) reportId: string | null;
  @Field(() => ID, { nullable: true, description: 'The unit the report is for, if any' }) unitId: string | null;
  @Field(() => String, { nullable: true, description: 'The report’s period, e.g. 2026-Q3, if any' })
  periodKey: string | null;
  @Field(() => String, { nullable: true, description: 'The comment or reason given, if any' }) comment: string | null;
  @Field({ description: 'What changed, as JSON' }) details: string;
}
