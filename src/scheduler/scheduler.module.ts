import { Module } from '@nestjs/common';
import { IssuesModule } from '../issues/issues.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { DeadlineSweepService } from './deadline-sweep.service.js';

@Module({
  imports: [IssuesModule, SupervisionModule],
  providers: [DeadlineSweepService],
  exports: [DeadlineSweepService],
})
export class SchedulerModule {}
