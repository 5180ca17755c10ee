import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { ClosureReportQuery } from './closure-report.query.js';
import { ClosureReportService } from './closure-report.service.js';
import { ReportsResolver } from './reports.resolver.js';

@Module({
  imports: [UnitsModule],
  providers: [ClosureReportQuery, ClosureReportService, ReportsResolver],
})
export class ReportsModule {}
