// Use cases of reported values: a unit reports, the office confirms or returns; a confirmed value is never changed,
// a later report supersedes it only with a reason (the old row stays). Every step is audited in its transaction.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { can, ownUnitOnly } from '../auth/policy.js';
import { badInput, DomainError, forbidden, notFound } from '../common/domain-error.js';
import type { EcoReportInput } from './dto/eco.args.js';
import { involves } from './eco-indicators.service.js';
import { parsePeriod, periodEnd } from './eco-period.js';
import type { EcoActor, EcoAuditRecord, EcoReportRecord } from './eco.records.js';
import type { EcoReportState } from './eco.types.js';
import { EcoAuditQuery, type AuditFilter } from './repository/eco-audit.query.js';
import { EcoIndicatorsQuery } from './repository/eco-indicators.query.js';
import { EcoReportsQuery } from './repository/eco-reports.query.js';

export interface ReportListFilter {
  indicatorId?: string | null;
  unitId?: string | null;
  period?: string | null;
  states?: EcoReportState[] | null;
}

const notSubmitted = (r: EcoReportRecord) =>
  new DomainError('INVALID_TRANSITION', `The report is ${r.state}: only a SUBMITTED report can be decided`, {
    state: r.state,
    allowedEvents: [],
  });

@Injectable()
export class EcoReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: EcoReportsQuery,
    private readonly indicators: EcoIndicatorsQuery,
    private readonly audit: EcoAuditQuery,
    private readonly clock: Clock,
  ) {}

  async report(input: EcoReportInput, by: EcoActor): Promise<EcoReportRecord> {
    const unitId = this.reportingUnit(input.unitId, by);
    const period = parsePeriod(input.period);
    if (!period) throw badInput(['period']);
    const now = this.clock.now();
    const id = await this.db.transaction(async (m) => {
      // Serialises reports on one indicator, so "one open report, one confirmed value" holds under concurrency.
      if (!(await this.indicators.lock(m, input.indicatorId))) throw notFound('Indicator');
      const indicator = (await this.indicators.byId(input.indicatorId, m))!;
      if (!involves(indicator, unitId)) {
        if (by.role === 'UNIT') throw forbidden('A unit reports only on the indicators it leads or contributes to');
        throw badInput(['unitId'], 'That unit neither leads nor contributes to the indicator');
      }
      if (period.kind !== indicator.frequency) {
        throw badInput(['period'], `${indicator.code} is reported by ${indicator.frequency}, not by ${period.kind}`);
      }
      if (periodEnd(period).getTime() > now.getTime()) throw badInput(['period'], 'That period has not ended yet');
      const inForce = await this.reports.inForce(m, indicator.id, unitId, period.key);
      if (inForce.some((r) => r.state === 'SUBMITTED')) {
        throw badInput(
          ['period'],
          'A report for this period waits for the office: it must be confirmed or returned first',
        );
      }
      const confirmed = inForce.find((r) => r.state === 'CONFIRMED') ?? null;
      if (confirmed && !input.reason)
        throw badInput(['reason'], 'A confirmed value exists: a new report supersedes it only with a reason');
      const reportId = await this.reports.insert(m, {
        indicatorId: indicator.id,
        unitId,
        periodKey: period.key,
        value: input.value,
        sourceNote: input.sourceNote,
        evidenceIds: input.evidenceIds ?? [],
        reason: input.reason ?? null,
        supersedesId: confirmed?.id ?? null,
        reportedBy: by.label,
        reportedByRole: by.role,
        reportedByToken: by.tokenId,
        reportedAt: now,
      });
      await this.audit.append(m, by, now, {
        action: 'REPORTED',
        indicatorId: indicator.id,
        reportId,
        unitId,
        periodKey: period.key,
        comment: input.reason ?? null,
        payload: {
          value: input.value,
          sourceNote: input.sourceNote,
          evidenceIds: input.evidenceIds ?? [],
          supersedesId: confirmed?.id ?? null,
        },
      });
      return reportId;
    });
    return (await this.reports.byId(id))!;
  }

  async confirm(id: string, comment: string | null, by: EcoActor): Promise<EcoReportRecord> {
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      const r = await this.reports.lock(m, id);
      if (!r) throw notFound('Report');
      if (r.state !== 'SUBMITTED') throw notSubmitted(r);
      const scope = { indicatorId: r.indicatorId, unitId: r.unitId, periodKey: r.periodKey };
      if (r.supersedesId) {
        await this.reports.supersede(m, r.supersedesId, r.id);
        await this.audit.append(m, by, now, {
          action: 'SUPERSEDED',
          ...scope,
          reportId: r.supersedesId,
          comment: r.reason,
          payload: { supersededById: r.id },
        });
      }
      await this.reports.decide(m, r.id, 'CONFIRMED', by.label, now, comment);
      await this.audit.append(m, by, now, {
        action: 'CONFIRMED',
        ...scope,
        reportId: r.id,
        comment,
        payload: { value: r.value },
      });
    });
    return (await this.reports.byId(id))!;
  }

  async return(id: string, comment: string, by: EcoActor): Promise<EcoReportRecord> {
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      const r = await this.reports.lock(m, id);
      if (!r) throw notFound('Report');
      if (r.state !== 'SUBMITTED') throw notSubmitted(r);
      await this.reports.decide(m, r.id, 'RETURNED', by.label, now, comment);
      await this.audit.append(m, by, now, {
        action: 'RETURNED',
        indicatorId: r.indicatorId,
        reportId: r.id,
        unitId: r.unitId,
        periodKey: r.periodKey,
        comment,
        payload: { value: r.value },
      });
    });
    return (await this.reports.byId(id))!;
  }

  /** A unit sees its own reports only. */
  list(filter: ReportListFilter, caller: EcoActor): Promise<EcoReportRecord[]> {
    const scope = ownUnitOnly(caller, filter.unitId);
    if (scope === 'refused') throw forbidden('A unit sees only its own reports');
    const { unitId } = scope;
    return this.reports.list({
      indicatorIds: filter.indicatorId ? [filter.indicatorId] : null,
      unitId,
      periodKeys: filter.period ? [filter.period] : null,
      states: filter.states ?? null,
    });
  }

  auditTrail(filter: AuditFilter): Promise<EcoAuditRecord[]> {
    return this.audit.list(filter);
  }

  /** A unit reports for itself; the office names the unit it reports for; leaders only read. */
  private reportingUnit(requested: string | undefined, by: EcoActor): string {
    if (by.role === 'UNIT') {
      const scope = ownUnitOnly(by, requested);
      if (scope === 'refused') throw forbidden('A unit reports only for itself');
      return scope.unitId!;
    }
    if (!can(by, 'reportEco')) throw forbidden('Only a unit or the office may report');
    if (!requested) throw badInput(['unitId'], 'The office names the unit it reports for');
    return requested;
  }
}
