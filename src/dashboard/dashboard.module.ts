import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardFiles } from './dashboard-files.js';

/** The office's dashboard (挂图作战) and the public page: static files that talk to /graphql. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardFiles],
})
export class DashboardModule {}
