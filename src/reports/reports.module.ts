import { DistrictsModule } from '../districts/districts.module.js';
import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ClosureReportService } from './closure-report.service.js';
import { ClosureRowResolver } from './closure-row.resolver.js';
import { ClosureStagesQuery } from './closure-stages.query.js';
import { ComplaintReportQuery } from './complaint-report.query.js';
import { ComplaintReportResolver } from './complaint-report.resolver.js';
import { FigureProjector } from './figure-projector.service.js';
import { FiguresQuery } from './figures.query.js';
import { OverdueListQuery } from './overdue-list.query.js';
import { ReportsController } from './reports.controller.js';
import { ReportsResolver } from './reports.resolver.js';
import { WeeklyExportService } from './weekly-export.service.js';

@Module({
  imports: [UnitsModule, AuthModule, AccountabilityModule, SupervisionModule, DistrictsModule],
  controllers: [ReportsController],
  providers: [
    FiguresQuery,
    ClosureStagesQuery,
    ClosureRowResolver,
    FigureProjector,
    ClosureReportService,
    OverdueListQuery,
    WeeklyExportService,
    ReportsResolver,
    ComplaintReportQuery,
    ComplaintReportResolver,
  ],
  exports: [ClosureReportService, ComplaintReportQuery],
})
export class ReportsModule {}
