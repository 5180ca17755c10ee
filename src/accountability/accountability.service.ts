// Recording, revoking and reading accountability records. Who may record is the policy's OPERATIONS; what a caller
// reads of them (its own unit's only, the person's name and post or not) is the policy's too.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { maySeeAccountablePerson, ownUnitOnly, type Principal } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badFields, badInput, DomainError, forbidden, notFound } from '../common/domain-error.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { UnitsRepository } from '../units/units.repository.js';
import type { AccountabilityRecord } from './accountability.record.js';
import { AccountabilityRepository } from './accountability.repository.js';
import type {
  AccountabilityRecordsArgs,
  RecordAccountabilityInput,
  RevokeAccountabilityArgs,
} from './dto/accountability.input.js';

/** A record as the caller may read it: without the person for a unit. */
export function asSeenBy(who: Principal, r: AccountabilityRecord): AccountabilityRecord {
  return maySeeAccountablePerson(who) ? r : { ...r, personName: null, personPost: null };
}

@Injectable()
export class AccountabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly records: AccountabilityRepository,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
  ) {}

  async record(input: RecordAccountabilityInput, caller: Caller): Promise<AccountabilityRecord> {
    const now = this.clock.now();
    if (input.decidedOn > shanghaiDate(now))
      throw badFields([{ field: 'decidedOn', reason: 'OUT_OF_RANGE', message: '不能晚于今天' }]);
    if ((await this.units.byIds([input.unitId])).length === 0)
      throw badFields([{ field: 'unitId', reason: 'UNKNOWN_REFERENCE' }]);
    const issueIds = [...new Set(input.problemIds.map((id) => id.toLowerCase()))];
    const id = await this.db.transaction(async (m) => {
      const cited = await this.records.cited(m, input.unitId, issueIds);
      if (cited.length < issueIds.length) throw badFields([{ field: 'problemIds', reason: 'UNKNOWN_REFERENCE' }]);
      // A unit answers for the problems it had to rectify: led, cooperated on, or held before a reassignment.
      if (cited.some((c) => !c.held)) {
        throw badFields([
          { field: 'problemIds', reason: 'CONFLICTING', message: '须为该单位牵头、配合或曾经承办的问题' },
        ]);
      }
      return this.records.insert(m, {
        kind: input.kind,
        unitId: input.unitId,
        // A blank name or post is none.
        personName: input.personName || null,
        personPost: input.personPost || null,
        documentNumber: input.documentNumber,
        decidedOn: input.decidedOn,
        reason: input.reason,
        issueIds,
        recordedAt: now,
        recordedBy: caller.label,
      });
    });
    return (await this.records.byId(id))!;
  }

  /** A record is never deleted: a wrong one is revoked, with why, and stays readable (includeRevoked). */
  async revoke({ id, reason }: RevokeAccountabilityArgs, caller: Caller): Promise<AccountabilityRecord> {
    const at = this.clock.now();
    await this.db.transaction(async (m) => {
      const found = await this.records.lock(m, id);
      if (!found) throw notFound('Accountability record');
      if (found.revokedAt) {
        throw new DomainError('INVALID_TRANSITION', '该记录已撤销', { state: 'REVOKED', allowedEvents: [] });
      }
      await this.records.revoke(m, id, reason, caller.label, at);
    });
    return (await this.records.byId(id))!;
  }

  async list(a: AccountabilityRecordsArgs, caller: Caller): Promise<AccountabilityRecord[]> {
    const scope = ownUnitOnly(caller, a.unitId);
    if (scope === 'refused') throw forbidden('A unit may read only its own accountability records');
    if (a.from && a.to && a.from > a.to) throw badInput(['from', 'to'], 'from 不能晚于 to', 'CONFLICTING');
    const rows = await this.records.list({
      unitId: scope.unitId,
      from: a.from ?? null,
      to: a.to ?? null,
      includeRevoked: a.includeRevoked,
      limit: a.first,
    });
    return rows.map((r) => asSeenBy(caller, r));
  }
}
