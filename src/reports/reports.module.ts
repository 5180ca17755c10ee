import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ClosureReportQuery } from './closure-report.query.js';
import { ClosureReportService } from './closure-report.service.js';
import { RollupReportQuery } from './rollup-report.query.js';
import { OverdueListQuery } from './overdue-list.query.js';
import { ReportsController } from './reports.controller.js';
import { ReportsResolver } from './reports.resolver.js';
import { SpanCountWarmer } from './span-count-warmer.service.js';
import { WeeklyExportService } from './weekly-export.service.js';

@Module({
  imports: [UnitsModule, AuthModule],
  controllers: [ReportsController],
  providers: [
    ClosureReportQuery,
    RollupReportQuery,
    ClosureReportService,
    OverdueListQuery,
    WeeklyExportService,
    ReportsResolver,
    SpanCountWarmer,
  ],
  exports: [ClosureReportService],
})
export class ReportsModule {}
