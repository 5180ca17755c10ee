import type { BuildSchemaOptions } from '@nestjs/graphql';
import { AuthResolver, TokenInfoResolver } from '../auth/auth.resolver.js';
import { CalendarResolver } from '../calendar/calendar.resolver.js';
import { DateTimeScalar } from '../common/scalars.js';
import { EcoIndicatorsResolver } from '../eco/eco-indicators.resolver.js';
import { EcoReportsResolver } from '../eco/eco-reports.resolver.js';
import { EcoTableResolver } from '../eco/eco-table.resolver.js';
import { InputRefusalReasonEnum, TransitionRefusalReasonEnum } from './error-enums.js';
import { EvidenceResolver, IssueEventEvidenceResolver, IssueEvidenceResolver } from '../evidence/evidence.resolver.js';
import { IssueEventResolver, IssueFieldsResolver } from '../issues/issue-fields.resolver.js';
import { IssuesResolver } from '../issues/issues.resolver.js';
import { ReplayResolver } from '../issues/replay.resolver.js';
import { ReportsResolver } from '../reports/reports.resolver.js';
import { UnitsResolver } from '../units/units.resolver.js';
import { IssueEventsResolver } from '../live/issue-events.resolver.js';
import { NotificationsResolver } from '../notifications/notifications.resolver.js';
import { WebhooksResolver } from '../webhooks/webhooks.resolver.js';

export const SCHEMA_OPTIONS: BuildSchemaOptions = {
  scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  // Returned by no field, carried in errors' extensions: in the schema so that clients can generate types from them.
  orphanedTypes: [TransitionRefusalReasonEnum, InputRefusalReasonEnum],
};

/** Every resolver, for building schema.gql without a database. */
export const RESOLVERS = [
  UnitsResolver,
  AuthResolver,
  TokenInfoResolver,
  IssuesResolver,
  IssueFieldsResolver,
  IssueEventResolver,
  EvidenceResolver,
  IssueEvidenceResolver,
  IssueEventEvidenceResolver,
  ReplayResolver,
  ReportsResolver,
  EcoIndicatorsResolver,
  EcoReportsResolver,
  EcoTableResolver,
  CalendarResolver,
  WebhooksResolver,
  NotificationsResolver,
  IssueEventsResolver,
];
