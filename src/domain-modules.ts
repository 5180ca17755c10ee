// The service's domain modules, one per domain: what the application imports, and where `npm run schema` finds the
// resolvers (so a new resolver is in the schema once its module provides it).
import { AccountabilityModule } from './accountability/accountability.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CityScoresModule } from './city-scores/city-scores.module.js';
import { DistrictsModule } from './districts/districts.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { EcoModule } from './eco/eco.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { IssuesModule } from './issues/issues.module.js';
import { LiveModule } from './live/live.module.js';
import { LookbackModule } from './lookback/lookback.module.js';
import { HandDownsModule } from './hand-downs/hand-downs.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { UnitsModule } from './units/units.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export const DOMAIN_MODULES = [
  CalendarModule,
  DistrictsModule,
  UnitsModule,
  AuthModule,
  IssuesModule,
  SupervisionModule,
  EvidenceModule,
  ReportsModule,
  EcoModule,
  AccountabilityModule,
  SchedulerModule,
  IdempotencyModule,
  ImportsModule,
  DashboardModule,
  WebhooksModule,
  NotificationsModule,
  LiveModule,
  LookbackModule,
  HandDownsModule,
  CityScoresModule,
];
