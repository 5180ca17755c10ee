import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EcoDemoSeeder } from '../eco/eco-demo.seeder.js';
import { EcoModule } from '../eco/eco.module.js';
import { IssuesModule } from '../issues/issues.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SchedulerModule } from '../scheduler/scheduler.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { UnitsModule } from '../units/units.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({
  imports: [
    UnitsModule,
    IssuesModule,
    SchedulerModule,
    AuthModule,
    EcoModule,
    NotificationsModule,
    AccountabilityModule,
    SupervisionModule,
  ],
  providers: [DemoSeeder, EcoDemoSeeder],
})
export class DemoModule {}
