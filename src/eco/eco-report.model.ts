import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { Role } from '../../workflows/issue.types.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import { EcoAuditActionEnum, EcoReportStateEnum } from './eco-enums.js';
import type { EcoAuditAction, EcoReportState } from './eco.types.js';

@ObjectType('EcoReport', { description: "A unit's value for one indicator and period; never changed once reported" })
export class EcoReportModel {
  @Field(() => ID) id: string;
  @Field(() => ID) indicatorId: string;
  @Field() indicatorCode: string;
  @Field() indicatorName: string;
  // `unit` is resolved by EcoReportFieldsResolver.
  unitId: string;
  @Field({ description: "'2026', '2026-Q3' or '2026-09'" }) periodKey: string;
  @Field(() => Float) value: number;
  @Field({ description: '数据来源' }) sourceNote: string;
  @Field(() => [String]) evidenceIds: string[];
  @Field(() => EcoReportStateEnum) state: EcoReportState;
  @Field(() => String, { nullable: true, description: 'Why it supersedes the confirmed value' }) reason: string | null;
  @Field(() => ID, { nullable: true, description: 'The confirmed report it corrects' }) supersedesId: string | null;
  @Field(() => ID, { nullable: true, description: 'The report that corrected it' }) supersededById: string | null;
  @Field() reportedBy: string;
  @Field(() => RoleEnum) reportedByRole: Role;
  @Field(() => DateTimeScalar) reportedAt: Date;
  @Field(() => String, { nullable: true }) decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionComment: string | null;
}

@ObjectType('EcoAuditEntry', { description: 'One row of the eco-report audit: who, when, what' })
export class EcoAuditEntryModel {
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field() actor: string;
  @Field(() => RoleEnum) actorRole: Role;
  @Field(() => ID, { nullable: true }) actorUnitId: string | null;
  @Field(() => EcoAuditActionEnum) action: EcoAuditAction;
  @Field(() => ID, { nullable: true }) indicatorId: string | null;
  @Field(() => ID, { nullable: true }) reportId: string | null;
  @Field(() => ID, { nullable: true }) unitId: string | null;
  @Field(() => String, { nullable: true }) periodKey: string | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field({ description: 'What changed, as JSON' }) details: string;
}
