import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IssuesModule } from '../issues/issues.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ImportRepository } from './import.repository.js';
import { ImportService } from './import.service.js';
import { ImportsController } from './imports.controller.js';

/** Handover lists (交办清单) from xlsx or CSV into filed and assigned problems. */
@Module({
  imports: [AuthModule, IssuesModule, UnitsModule],
  controllers: [ImportsController],
  providers: [ImportRepository, ImportService],
})
export class ImportsModule {}
