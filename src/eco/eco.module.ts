import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { UnitsModule } from '../units/units.module.js';
import { EcoController } from './eco.controller.js';
import { EcoExportService } from './eco-export.service.js';
import { EcoIndicatorsResolver } from './eco-indicators.resolver.js';
import { EcoIndicatorsService } from './eco-indicators.service.js';
import { EcoReportsResolver } from './eco-reports.resolver.js';
import { EcoReportsService } from './eco-reports.service.js';
import { EcoScoreService } from './eco-score.service.js';
import { EcoSettingsService } from './eco-settings.service.js';
import { EcoTableResolver } from './eco-table.resolver.js';
import { EcoTableService } from './eco-table.service.js';
import { EcoAuditQuery } from './repository/eco-audit.query.js';
import { EcoIndicatorsQuery } from './repository/eco-indicators.query.js';
import { EcoReportsQuery } from './repository/eco-reports.query.js';
import { EcoSettingsQuery } from './repository/eco-settings.query.js';

/** 生态报表, the second half of 一单一表. */
@Module({
  imports: [UnitsModule, AuthModule, ReportsModule, AccountabilityModule],
  controllers: [EcoController],
  providers: [
    EcoIndicatorsQuery,
    EcoReportsQuery,
    EcoAuditQuery,
    EcoSettingsQuery,
    EcoIndicatorsService,
    EcoReportsService,
    EcoSettingsService,
    EcoTableService,
    EcoScoreService,
    EcoExportService,
    EcoIndicatorsResolver,
    EcoReportsResolver,
    EcoTableResolver,
  ],
  exports: [EcoIndicatorsService, EcoReportsService, EcoSettingsService, EcoTableService],
})
export class EcoModule {}
