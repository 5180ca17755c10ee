// 市级下达: the city's office files a batch of problems into its own list (市级清单, the CITY row's) and a copy of each
// into every named district's list — each filing the way a district's office files (IssuesService.file: the checks,
// the machine's first step, the log's first row), in that district's setting, so the district's log, webhooks and
// notifications follow as for any filing. Each copy is written with its link in one transaction; the batch's key makes
// a retry file only what an interrupted call did not.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Caller } from '../auth/caller.js';
import { badFields, badInput, DomainError, forbidden } from '../common/domain-error.js';
import type { IssueRecord } from '../issues/issue.record.js';
import { IssuesRepository } from '../issues/issues.repository.js';
import { IssuesService, senderOf } from '../issues/issues.service.js';
import type { Filing } from '../issues/transition.service.js';
import { cityWide, inDistrict } from '../tenancy/district-scope.js';
import type { HandDownIssuesInput } from './hand-down.model.js';
import { HandDownsRepository, type CityHandDownRow } from './hand-downs.repository.js';

export interface HandDownResult {
  cityIssues: IssueRecord[];
  replayed: boolean;
}

/** PostgreSQL's unique_violation: a racing retry wrote the same row first. */
const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

@Injectable()
export class HandDownsService {
  constructor(
    private readonly repo: HandDownsRepository,
    private readonly issues: IssuesService,
    private readonly issueRows: IssuesRepository,
  ) {}

  async handDown(input: HandDownIssuesInput, caller: Caller): Promise<HandDownResult> {
    if (caller.role !== 'CITY_OFFICE' || caller.readOnly) throw forbidden('只有市整改办可以下达问题');
    const city = await this.repo.cityDistrictId();
    if (!city) throw forbidden('本部署没有市级（CITY）租户，不能下达问题');
    const districtIds = [...new Set(input.districtIds.map((id) => id.toLowerCase()))];
    const unknown = await this.repo.notDistricts(districtIds);
    if (unknown.length > 0) throw badInput(['districtIds'], '所指的区县不存在', 'UNKNOWN_REFERENCE');
    const withParent = input.issues.findIndex((i) => i.parentId);
    if (withParent >= 0)
      throw badInput(
        [`issues.${withParent}.parentId`],
        '下达的问题不能指向其他清单中的问题（举一反三）',
        'NOT_APPLICABLE',
      );
    const by = senderOf(caller);
    const documentNumber = input.documentNumber ?? null;
    const requestHash = createHash('sha256')
      .update(
        JSON.stringify([
          [...districtIds].sort(),
          input.issues.map((i) => Object.entries(i).sort(([a], [b]) => a.localeCompare(b))),
          documentNumber,
        ]),
      )
      .digest('hex');

    // Every problem checked, as fileIssue checks it, before the first is written.
    const rows: Filing[] = [];
    for (const item of input.issues) rows.push(await inDistrict(city, () => this.issues.filingOf(item, by)));

    const done = new Map(
      (await inDistrict(city, () => this.repo.batch(input.idempotencyKey))).map((r) => [r.itemNo, r]),
    );
    if ([...done.values()].some((r) => r.requestHash !== requestHash))
      throw badInput(['idempotencyKey'], '此 idempotencyKey 已用于另一批下达；请换一个', 'TAKEN');
    // A code given for the city's problem must be free (and given once), before anything is written: a batch refused
    // half-way would leave its first problems filed under a key the corrected batch cannot reuse.
    const codes = rows.map((r, itemNo) => (done.has(itemNo) ? null : r.code));
    const taken = await inDistrict(city, async () => {
      const bad: number[] = [];
      for (const [itemNo, code] of codes.entries())
        if (code && (codes.indexOf(code) !== itemNo || (await this.issueRows.byCode(code)))) bad.push(itemNo);
      return bad;
    });
    if (taken.length > 0)
      throw badFields(
        taken.map((i) => ({ field: `issues.${i}.code`, reason: 'TAKEN', message: '已有问题使用此编号' })),
      );
    let filedAny = false;

    const cityIssues: IssueRecord[] = [];
    for (const [itemNo, row] of rows.entries()) {
      const known = done.get(itemNo);
      const cityIssue = known
        ? await this.existing(city, known)
        : await this.fileCityIssue(
            city,
            row,
            itemNo,
            requestHash,
            input.idempotencyKey,
            districtIds,
            documentNumber,
            by,
          );
      if (!known) filedAny = true;
      cityIssues.push(cityIssue);
      // The districts that have this problem already (a retry after a partial batch, or one racing this call).
      const copied = new Set((await cityWide(() => this.repo.copiesOf([cityIssue.id]))).map((l) => l.districtId));
      for (const district of districtIds) {
        if (copied.has(district)) continue;
        filedAny = (await this.fileCopy(district, row, cityIssue, documentNumber, by)) || filedAny;
      }
    }
    return { cityIssues, replayed: !filedAny };
  }

  /** The city's problem a previous call of the batch filed. */
  private async existing(city: string, known: CityHandDownRow): Promise<IssueRecord> {
    const [issue] = await inDistrict(city, () => this.issueRows.byIds([known.cityIssueId]));
    if (!issue) throw new DomainError('NOT_FOUND', '该批次下达的市级问题已不存在');
    return issue;
  }

  /** The city's own problem (市级清单), filed with its place in the batch; a racing call's, when it won. */
  private async fileCityIssue(
    city: string,
    row: Filing,
    itemNo: number,
    requestHash: string,
    key: string,
    districtIds: string[],
    documentNumber: string | null,
    by: ReturnType<typeof senderOf>,
  ): Promise<IssueRecord> {
    try {
      return await inDistrict(city, () =>
        this.issues.fileChecked(row, by, {
          alsoWrite: (manager, saved) =>
            this.repo.recordCityIssue(manager, {
              key,
              itemNo,
              requestHash,
              cityIssueId: saved.id,
              districtIds,
              documentNumber,
              at: saved.filedAt,
              by: by.label,
            }),
        }),
      );
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const raced = (await inDistrict(city, () => this.repo.batch(key))).find((r) => r.itemNo === itemNo);
      if (!raced || raced.requestHash !== requestHash) throw e;
      return this.existing(city, raced);
    }
  }

  /**
   * A district's copy, filed as its office files (its own code, its log, its webhooks and notifications) with its link
   * to the city's problem, in the district's setting and one transaction. False when a racing call filed it first.
   */
  private async fileCopy(
    district: string,
    row: Filing,
    cityIssue: IssueRecord,
    documentNumber: string | null,
    by: ReturnType<typeof senderOf>,
  ): Promise<boolean> {
    try {
      await inDistrict(district, () =>
        this.issues.fileChecked({ ...row, code: null }, by, {
          alsoWrite: (manager, saved) =>
            this.repo.link(manager, {
              issueId: saved.id,
              cityIssueId: cityIssue.id,
              cityIssueCode: cityIssue.code,
              cityIssueTitle: cityIssue.title,
              documentNumber,
              handedDownAt: saved.filedAt,
              handedDownBy: by.label,
            }),
        }),
      );
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }
}
