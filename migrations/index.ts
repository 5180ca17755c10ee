// Migrations in order; listed explicitly so the app and the CLI load the same set without globbing.
import { InitialSchema1763900000000 } from './1763900000000-initial-schema.js';
import { IdempotencyKeys1763900000001 } from './1763900000001-idempotency-keys.js';
import { Evidence1763900000002 } from './1763900000002-evidence.js';
import { EcoReport1763900000003 } from './1763900000003-eco-report.js';
import { ReportRollups1763900000004 } from './1763900000004-report-rollups.js';
import { ReportSpanCounts1763900000005 } from './1763900000005-report-span-counts.js';
import { ReportPeriodCounts1763900000006 } from './1763900000006-report-period-counts.js';
import { TokenNotify1763900000007 } from './1763900000007-token-notify.js';
import { VacuumHotTables1763900000008 } from './1763900000008-vacuum-hot-tables.js';
import { IssueListCounts1763900000009 } from './1763900000009-issue-list-counts.js';
import { IssueBatchIndex1763900000010 } from './1763900000010-issue-batch-index.js';
import { SpanCountsPrune1763900000011 } from './1763900000011-span-counts-prune.js';
import { IssueLeadHoldingIndex1763900000012 } from './1763900000012-issue-lead-holding-index.js';
import { IssueUnitHoldingIndexes1763900000013 } from './1763900000013-issue-unit-holding-indexes.js';
import { ReportFiveMinuteMarks1763900000014 } from './1763900000014-report-five-minute-marks.js';
import { IssueUpdatedAt1763900000015 } from './1763900000015-issue-updated-at.js';
import { IssueWorkQueues1763900000016 } from './1763900000016-issue-work-queues.js';
import { IssueFormerHolders1763900000017 } from './1763900000017-issue-former-holders.js';
import { FigureProjection1763900000018 } from './1763900000018-figure-projection.js';
import { FigureRolesAndBatches1763900000019 } from './1763900000019-figure-roles-and-batches.js';
import { ListCountChanges1763900000020 } from './1763900000020-list-count-changes.js';
import { FigureHeads1763900000021 } from './1763900000021-figure-heads.js';
import { Webhooks1763900000022 } from './1763900000022-webhooks.js';
import { Notifications1763900000023 } from './1763900000023-notifications.js';
import { NotificationReads1763900000024 } from './1763900000024-notification-reads.js';
import { SignOffChain1763900000025 } from './1763900000025-sign-off-chain.js';
import { DepartmentReview1763900000026 } from './1763900000026-department-review.js';
import { NoticeObjections1763900000027 } from './1763900000027-notice-objections.js';
import { ClosureStageRows1763900000028 } from './1763900000028-closure-stage-rows.js';
import { RectificationPlans1763900000029 } from './1763900000029-rectification-plans.js';
import { CooperationParts1763900000030 } from './1763900000030-cooperation-parts.js';
import { PlanNotifications1763900000031 } from './1763900000031-plan-notifications.js';
import { SupervisionAndComplaints1763900000032 } from './1763900000032-supervision-and-complaints.js';
import { AccountabilityRecords1763900000033 } from './1763900000033-accountability-records.js';
import { LookbackCampaigns1763900000034 } from './1763900000034-lookback-campaigns.js';
import { IssueCoordinates1763900000035 } from './1763900000035-issue-coordinates.js';
import { ScreenTokens1763900000036 } from './1763900000036-screen-tokens.js';
import { FigureFold1763900000037 } from './1763900000037-figure-fold.js';
import { IssueResponsibleLeader1763900000038 } from './1763900000038-issue-responsible-leader.js';
import { SharedRateLimits1763900000039 } from './1763900000039-shared-rate-limits.js';
import { ReadPaths1763900000041 } from './1763900000041-read-paths.js';
import { Districts1763900000042 } from './1763900000042-districts.js';
import { HandDowns1763900000043 } from './1763900000043-hand-downs.js';
import { FigureReadsUnderRowSecurity1763900000046 } from './1763900000046-figure-reads-under-row-security.js';

export const MIGRATIONS = [
  InitialSchema1763900000000,
  IdempotencyKeys1763900000001,
  Evidence1763900000002,
  EcoReport1763900000003,
  ReportRollups1763900000004,
  ReportSpanCounts1763900000005,
  ReportPeriodCounts1763900000006,
  TokenNotify1763900000007,
  VacuumHotTables1763900000008,
  IssueListCounts1763900000009,
  IssueBatchIndex1763900000010,
  SpanCountsPrune1763900000011,
  IssueLeadHoldingIndex1763900000012,
  IssueUnitHoldingIndexes1763900000013,
  ReportFiveMinuteMarks1763900000014,
  IssueUpdatedAt1763900000015,
  IssueWorkQueues1763900000016,
  IssueFormerHolders1763900000017,
  FigureProjection1763900000018,
  FigureRolesAndBatches1763900000019,
  ListCountChanges1763900000020,
  FigureHeads1763900000021,
  Webhooks1763900000022,
  Notifications1763900000023,
  NotificationReads1763900000024,
  SignOffChain1763900000025,
  DepartmentReview1763900000026,
  NoticeObjections1763900000027,
  ClosureStageRows1763900000028,
  RectificationPlans1763900000029,
  CooperationParts1763900000030,
  PlanNotifications1763900000031,
  SupervisionAndComplaints1763900000032,
  AccountabilityRecords1763900000033,
  LookbackCampaigns1763900000034,
  IssueCoordinates1763900000035,
  ScreenTokens1763900000036,
  FigureFold1763900000037,
  IssueResponsibleLeader1763900000038,
  SharedRateLimits1763900000039,
  ReadPaths1763900000041,
  Districts1763900000042,
  HandDowns1763900000043,
  FigureReadsUnderRowSecurity1763900000046,
];
