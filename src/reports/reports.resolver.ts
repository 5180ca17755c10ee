import { FIELD_COST } from '../graphql/field-costs.js';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ISSUE_SOURCES, type IssueSource } from '../../workflows/issue.types.js';
import { CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { IssueSourceEnum } from '../common/graphql-enums.js';
import { DistrictsService } from '../districts/districts.service.js';
import { DateScalar, DateTimeScalar } from '../common/scalars.js';
import { IsCalendarDay, Trim } from '../common/validation.js';
import { UnitRoleEnum } from '../issues/dto/issues.args.js';
import type { UnitRole } from '../issues/issue-list.query.js';
import { ClosureReportModel } from './closure-report.model.js';
import { ClosureReportService, type ClosureReport } from './closure-report.service.js';

/** What narrows a table beside its moment and period. */
@ArgsType()
class TableScopeArgs {
  @Field(() => [IssueSourceEnum], {
    nullable: true,
    description: 'Only problems from these sources (default: every source)',
  })
  @IsOptional()
  @IsArray()
  @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field(() => UnitRoleEnum, {
    nullable: true,
    description:
      'LEAD (default): one row per lead unit, each problem once. COOPERATING: one row per cooperating unit, ' +
      'counting the problems it cooperates on (a problem with two cooperating units counts in both rows and twice in the total).',
  })
  @IsOptional()
  @IsIn(['LEAD', 'COOPERATING'])
  unitRole?: UnitRole;
  @Field({
    nullable: true,
    description:
      'Only one inspection batch: the problems whose batch is this text, or begins with it and a space — ' +
      '"第三轮中央生态环境保护督察" reads the whole round ("第三轮中央生态环境保护督察 第5批", "… 反馈问题", …)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  batch?: string;
}

@ArgsType()
class ClosureReportArgs extends TableScopeArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: now' }) @IsOptional() @IsDate() asOf?: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Default: Monday 00:00 Asia/Shanghai of the week of asOf',
  })
  @IsOptional()
  @IsDate()
  periodStart?: Date;
  @Field(() => ID, { nullable: true, description: 'This unit and the units under it' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field({ nullable: true, description: 'Count 举一反三 problems under their parent’s source (default: their own)' })
  @IsOptional()
  @IsBoolean()
  childrenUnderParentSource?: boolean;
}

@ArgsType()
class WeeklyReportArgs extends TableScopeArgs {
  @Field(() => DateScalar, { description: 'Any day of the week (Monday to Sunday, Asia/Shanghai)' })
  @IsCalendarDay()
  weekOf: string;
}

@Resolver()
export class ReportsResolver {
  constructor(
    private readonly reports: ClosureReportService,
    private readonly districts: DistrictsService,
  ) {}

  @Query(() => String, {
    description:
      'The caller’s district as the bulletin’s title names it (the city’s name for the city’s roles); the default district is RECTIFY_DISTRICT_NAME, empty when unnamed',
  })
  districtName(@CurrentCaller() caller: Caller): Promise<string> {
    return this.districts.nameOf(caller.districtId);
  }

  @Query(() => ClosureReportModel, {
    description: '销号率 / 按时率 / 逾期 / 反弹 per lead (or cooperating) unit, ranked',
    complexity: FIELD_COST.table,
  })
  closureReport(@Args() a: ClosureReportArgs, @CurrentCaller() caller: Caller): Promise<ClosureReport> {
    return this.reports.reportFor(a, caller);
  }

  @Query(() => ClosureReportModel, {
    description: '周通报: asOf = the end of that week (or now), period = that week',
    complexity: FIELD_COST.table,
  })
  weeklyReport(@Args() a: WeeklyReportArgs, @CurrentCaller() caller: Caller): Promise<ClosureReport> {
    return this.reports.weeklyFor(a.weekOf, { sources: a.sources, unitRole: a.unitRole, batch: a.batch }, caller);
  }
}
