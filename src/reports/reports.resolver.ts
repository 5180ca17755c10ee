import { FIELD_COST } from '../graphql/field-costs.js';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ISSUE_SOURCES, type IssueSource } from '../../workflows/issue.types.js';
import { CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { IssueSourceEnum } from '../common/graphql-enums.js';
import { DateScalar, DateTimeScalar } from '../common/scalars.js';
import { IsCalendarDay } from '../common/validation.js';
import { ClosureReportModel } from './closure-report.model.js';
import { ClosureReportService, type ClosureReport } from './closure-report.service.js';

@ArgsType()
class ClosureReportArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: now' }) @IsOptional() @IsDate() asOf?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: Monday 00:00 Asia/Shanghai of the week of asOf' })
  @IsOptional() @IsDate() periodStart?: Date;
  @Field(() => [IssueSourceEnum], { nullable: true }) @IsOptional() @IsArray() @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field(() => ID, { nullable: true, description: 'This unit and the units under it' }) @IsOptional() @IsUUID() unitId?: string;
  @Field({ nullable: true, description: 'Count 举一反三 problems under their parent’s source (default: their own)' })
  @IsOptional() @IsBoolean() childrenUnderParentSource?: boolean;
}

@ArgsType()
class WeeklyReportArgs {
  @Field(() => DateScalar, { description: 'Any day of the week (Monday to Sunday, Asia/Shanghai)' })
  @IsCalendarDay() weekOf: string;
  @Field(() => [IssueSourceEnum], { nullable: true }) @IsOptional() @IsArray() @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
}

@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ClosureReportService) {}

  @Query(() => ClosureReportModel, { description: '销号率 / 按时率 / 逾期 / 反弹 per lead unit, ranked', complexity: FIELD_COST.table })
  closureReport(@Args() a: ClosureReportArgs, @CurrentCaller() caller: Caller): Promise<ClosureReport> {
    return this.reports.report(a, caller);
  }

  @Query(() => ClosureReportModel, { description: '周通报: asOf = the end of that week (or now), period = that week', complexity: FIELD_COST.table })
  weeklyReport(@Args() a: WeeklyReportArgs, @CurrentCaller() caller: Caller): Promise<ClosureReport> {
    return this.reports.weekly(a.weekOf, a.sources?.length ? a.sources : null, caller);
  }
}
