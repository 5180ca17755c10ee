import { Module } from '@nestjs/common';
import { IssuesModule } from '../issues/issues.module.js';
import { DeadlineSweepService } from './deadline-sweep.service.js';

@Module({
  imports: [IssuesModule],
  providers: [DeadlineSweepService],
  exports: [DeadlineSweepService],
})
export class SchedulerModule {}
