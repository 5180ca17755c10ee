// 回头看 and 追责问责 in a real browser (the built service on the seeded demo district, Debian's Chromium): the office
// starts a look-back campaign over a batch of closed problems from the page; the town finds 待回头看自查 in its worklist
// on a phone and reports one self-check HOLDING and one REBOUNDED; the office finds 待认定回头看 and concludes both (the
// rebound with a new deadline, back in rectification); the office records an accountability record against the town
// with two problems and revokes it; the town reads it without the person. Each step checked through the API.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  addDays,
  browserSuite,
  OFFICE,
  shanghaiDay,
  sleep,
  startDemoDistrict,
  type DemoDistrict,
  FITS,
  OVERFLOW,
} from './browser-harness.js';

const BATCH = '2026年第9批举一反三自查（回头看测试）';
const TITLE = '第9批自查问题整改回头看';
const DOCUMENT = '区整改办〔2026〕99号';

interface Problem {
  id: string;
  code: string;
  title: string;
}
interface Item {
  id: string;
  status: string;
  rebounded: boolean | null;
  report: { finding: string; comment: string } | null;
  issue: { id: string; code: string; state: string; substate: string; dueDay: string | null; reboundCount: number };
}

browserSuite('回头看 and 追责问责 in Chromium against the seeded service', () => {
  let district: DemoDistrict;
  let town: string;
  let townId: string;
  let leader: string;
  const problems: Problem[] = [];
  let campaignId: string;
  /** The problem the town reports as holding, and the one it reports as rebounded. */
  let holding: string;
  let rebounded: string;
  const api = <T>(token: string | null, query: string, variables: Record<string, unknown> = {}) =>
    district.api<T>(token, query, variables);

  /** Polls `expression` until true (waitForFunction evaluates a string, which the page's CSP refuses). */
  async function until(p: Page, expression: string, ms = 10_000): Promise<void> {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await p.evaluate(expression)) return;
    throw new Error(`timed out waiting for ${expression}`);
  }

  const loads = (p: Page, view: string) =>
    p.evaluate(`Number(document.getElementById(${JSON.stringify(view)}).dataset.loaded ?? 0)`) as Promise<number>;

  /** Runs `act` and waits for `view` to have been read again. */
  async function reloaded(p: Page, view: string, act: () => Promise<unknown>): Promise<void> {
    const before = await loads(p, view);
    await act();
    await until(p, `Number(document.getElementById(${JSON.stringify(view)}).dataset.loaded ?? 0) > ${before}`);
  }

  /** Submits the modal and waits for it to close. */
  async function submit(p: Page): Promise<void> {
    await p.click('#modal-submit');
    await p.waitForSelector('#modal', { state: 'hidden' });
  }

  async function items(): Promise<Item[]> {
    const { lookbackItems } = await api<{ lookbackItems: Item[] }>(
      OFFICE,
      `query($id: ID) { lookbackItems(campaignId: $id) { id status rebounded report { finding comment }
        issue { id code state substate dueDay reboundCount } } }`,
      { id: campaignId },
    );
    return lookbackItems;
  }

  beforeAll(async () => {
    district = await startDemoDistrict(60);
    town = district.unitTokens.get('水江镇')!;
    leader = district.unitTokens.get('区领导')!;
    townId = district.units.find((u) => u.name === '水江镇')!.id;
    // Two self-check problems the town rectified and the office closed at its acceptance.
    await api(OFFICE, `mutation { setClosurePolicy(source: SELF_INSPECTION, steps: []) { source } }`);
    for (const title of ['河道沿岸垃圾清理不彻底（回头看测试）', '建筑工地扬尘未覆盖（回头看测试）']) {
      const { fileIssue } = await api<{ fileIssue: Problem }>(
        OFFICE,
        `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id code title } }`,
        { input: { source: 'SELF_INSPECTION', batch: BATCH, title, description: title, category: 'OTHER' } },
      );
      await api(OFFICE, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
        input: {
          issueId: fileIssue.id,
          leadUnitId: townId,
          deadlineKind: 'DATE',
          dueAt: `${addDays(shanghaiDay(), 60)}T18:00:00+08:00`,
        },
      });
      const id = { id: fileIssue.id };
      await api(town, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, id);
      await api(town, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已整改到位") { id } }`, id);
      await api(OFFICE, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, id);
      await api(OFFICE, `mutation($id: ID!) { closeIssue(issueId: $id, comment: "同意销号") { id } }`, id);
      problems.push(fileIssue);
    }
    problems.sort((a, b) => a.code.localeCompare(b.code));
  }, 240_000);

  afterAll(async () => {
    await district?.close();
  }, 30_000);

  it('the office starts a 回头看 over a batch of closed problems from the page', async () => {
    const context = await district.context();
    try {
      const p = await district.signIn(context, OFFICE);
      await reloaded(p, 'lookback-view', () => p.click('#lookback-link'));
      await p.click('#lb-start');
      await p.waitForSelector('#modal[data-event="startLookback"]:not([hidden])');
      await p.fill('#modal-form input[name=title]', TITLE);
      await p.fill('#lb-batch', BATCH);
      // a selection with no condition is refused on the page
      await p.fill('#lb-batch', '');
      await p.fill('#modal-form input[name=dueDay]', addDays(shanghaiDay(), 14));
      await p.click('#modal-submit');
      expect(await p.textContent('#modal-error')).toContain('请至少选择一项');
      await p.fill('#lb-batch', BATCH);
      await reloaded(p, 'lookback-view', () => submit(p));
      campaignId = decodeURIComponent(/^#\/lookback\/([^/?#]+)/.exec(new URL(p.url()).hash)![1]);

      const { lookbackCampaign } = await api<{
        lookbackCampaign: { title: string; status: string; dueDay: string; selection: { batch: string } };
      }>(OFFICE, `query($id: ID!) { lookbackCampaign(id: $id) { title status dueDay selection { batch } } }`, {
        id: campaignId,
      });
      expect(lookbackCampaign).toEqual({
        title: TITLE,
        status: 'OPEN',
        dueDay: addDays(shanghaiDay(), 14),
        selection: { batch: BATCH },
      });
      expect(await p.textContent('#lb-title')).toBe(TITLE);
      expect(await p.getAttribute('#lb-progress', 'data-items')).toBe('2');
      const rows = await p.$$eval('#lookback-items tbody tr[data-id]', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-code'), tr.getAttribute('data-status')]),
      );
      expect(rows).toEqual(problems.map((x) => [x.code, 'AWAITING_REPORT']));
      expect(await p.textContent('#lookback-units tbody')).toContain('水江镇');
      // the list shows it, with its progress
      await reloaded(p, 'lookback-view', () => p.click('a[href="#/lookback"]'));
      const row = `#lookback-campaigns tr[data-id="${campaignId}"]`;
      expect(await p.textContent(row)).toContain(TITLE);
      expect(await p.textContent(`${row} td[data-k=items]`)).toBe('2');
      expect(await p.textContent(`${row} td[data-k=open]`)).toBe('2');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the town finds 待回头看自查 in its worklist on a phone and reports one HOLDING and one REBOUNDED', async () => {
    const context = await district.context({ phone: true });
    try {
      const p = await district.signIn(context, town);
      await p.waitForSelector('#worklist[data-loaded]');
      const group = '#worklist .wl-group[data-group="lookback:report"]';
      expect(await p.textContent(`${group} h3`)).toBe('待回头看自查 2');
      const codes = await p.$$eval(`${group} .wl-row`, (rows) => rows.map((r) => r.getAttribute('data-code')));
      expect(codes).toEqual(problems.map((x) => x.code));
      expect(await p.textContent(`${group} .wl-row`)).toContain(`自查期限 ${addDays(shanghaiDay(), 14)}`);
      expect(await p.evaluate(OVERFLOW)).toEqual(FITS);
      [holding, rebounded] = codes as string[];

      // the row opens the report form
      await reloaded(p, 'lookback-view', () => p.click(`${group} .wl-row[data-code="${holding}"]`));
      await p.waitForSelector('#modal[data-event="reportLookback"]:not([hidden])');
      expect(await p.textContent('#modal-title')).toContain(holding);
      await p.selectOption('#modal-form select[name=finding]', 'HOLDING');
      await p.fill('#modal-form textarea[name=comment]', '现场复查，河道沿岸已无垃圾，整改成效巩固');
      await reloaded(p, 'lookback-view', () => submit(p));
      await p.waitForSelector(`#lookback-reported tr[data-code="${holding}"]`);
      expect(
        await p.$$eval('#lookback-awaiting tr[data-id]', (t) => t.map((r) => r.getAttribute('data-code'))),
      ).toEqual([rebounded]);
      expect(await p.evaluate(OVERFLOW)).toEqual(FITS);

      // the other from the page's own list
      await p.click(`#lookback-awaiting tr[data-code="${rebounded}"] .lb-report`);
      await p.waitForSelector('#modal[data-event="reportLookback"]:not([hidden])');
      await p.selectOption('#modal-form select[name=finding]', 'REBOUNDED');
      await p.fill('#modal-form textarea[name=comment]', '工地新开挖区域未覆盖，扬尘反弹');
      await reloaded(p, 'lookback-view', () => submit(p));
      await p.waitForSelector('#lookback-awaiting tbody td.muted');
      expect(
        await p.$$eval('#lookback-reported tr[data-id]', (t) => t.map((r) => r.getAttribute('data-code'))),
      ).toEqual([holding, rebounded]);

      const byCode = new Map((await items()).map((i) => [i.issue.code, i]));
      expect(byCode.get(holding)).toMatchObject({ status: 'REPORTED', report: { finding: 'HOLDING' } });
      expect(byCode.get(rebounded)).toMatchObject({ status: 'REPORTED', report: { finding: 'REBOUNDED' } });

      // the worklist has nothing left to self-check
      await p.click('a[href="#/"]');
      await until(p, `!document.querySelector('#worklist .wl-group[data-group="lookback:report"]')`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the office finds 待认定回头看 and concludes both: the rebound is back in rectification with a new deadline', async () => {
    const context = await district.context();
    const newDue = addDays(shanghaiDay(), 45);
    try {
      const p = await district.signIn(context, OFFICE);
      await p.waitForSelector('#worklist[data-loaded]');
      const group = '#worklist .wl-group[data-group="lookback:conclude"]';
      expect(await p.textContent(`${group} h3`)).toBe('待认定回头看 2');
      await reloaded(p, 'lookback-view', () => p.click(`${group} .wl-row[data-code="${holding}"]`));
      expect(await p.getAttribute(`#lookback-items tr[data-code="${holding}"]`, 'class')).toContain('marked');
      expect(await p.textContent(`#lookback-items tr[data-code="${rebounded}"] .lb-finding`)).toBe('反弹');
      expect(await p.textContent(`#lookback-items tr[data-code="${rebounded}"] .lb-comment`)).toContain(
        '工地新开挖区域未覆盖',
      );

      await p.click(`#lookback-items tr[data-code="${holding}"] .lb-hold`);
      await p.waitForSelector('#modal[data-event="concludeLookback"]:not([hidden])');
      await reloaded(p, 'lookback-view', () => submit(p));
      await p.waitForSelector(`#lookback-items tr[data-code="${holding}"][data-status="CONCLUDED"]`);

      await p.click(`#lookback-items tr[data-code="${rebounded}"] .lb-rebound`);
      await p.waitForSelector('#modal[data-event="concludeLookbackRebound"]:not([hidden])');
      // a rebound asks a deadline and a comment
      await p.click('#modal-submit');
      expect(await p.isHidden('#modal')).toBe(false);
      await p.fill('#modal-form input[name=newDueDay]', newDue);
      await p.fill('#modal-form textarea[name=comment]', '扬尘问题反弹，重新整改');
      await reloaded(p, 'lookback-view', () => submit(p));
      await p.waitForSelector(`#lookback-items tr[data-code="${rebounded}"][data-status="CONCLUDED"]`);
      expect(await p.textContent('#lb-status')).toBe('已完成');
      expect(await p.getAttribute('#lb-progress', 'data-ok')).toBe('1');
      expect(await p.getAttribute('#lb-progress', 'data-rebounds')).toBe('1');

      const byCode = new Map((await items()).map((i) => [i.issue.code, i]));
      expect(byCode.get(holding)).toMatchObject({
        status: 'CONCLUDED',
        rebounded: false,
        issue: { state: 'REVISITED', reboundCount: 0 },
      });
      expect(byCode.get(rebounded)).toMatchObject({
        status: 'CONCLUDED',
        rebounded: true,
        issue: { state: 'RECTIFYING', substate: 'RECTIFYING.inProgress', dueDay: newDue, reboundCount: 1 },
      });
      // nothing left to conclude in the worklist
      await p.click('a[href="#/"]');
      await until(p, `!document.querySelector('#worklist .wl-group[data-group="lookback:conclude"]')`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a leader reads the campaign without a button to press', async () => {
    const context = await district.context();
    try {
      const p = await district.signIn(context, leader);
      await reloaded(p, 'lookback-view', () => p.click('#lookback-link'));
      expect(await p.isHidden('#lb-start')).toBe(true);
      await reloaded(p, 'lookback-view', () => p.click(`#lookback-campaigns tr[data-id="${campaignId}"] a`));
      expect(await p.$$('#lookback-items tr[data-id]')).toHaveLength(2);
      expect(await p.$$('#lookback-view button')).toHaveLength(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the office records an accountability record against the town with two problems, and revokes it', async () => {
    const context = await district.context();
    try {
      const p = await district.signIn(context, OFFICE);
      await reloaded(p, 'accountability-view', () => p.click('#accountability-link'));
      // newest decision first
      const days = await p.$$eval('#ac-table tbody tr[data-id] td:first-child', (t) => t.map((c) => c.textContent));
      expect(days).toEqual([...days].sort().reverse());

      await p.click('#ac-record');
      await p.waitForSelector('#modal[data-event="recordAccountability"]:not([hidden])');
      await p.selectOption('#modal-form select[name=kind]', 'INTERVIEW');
      await p.selectOption('#ac-record-unit', townId);
      for (const x of problems) {
        await p.fill('#ac-problem-q', x.code);
        await p.press('#ac-problem-q', 'Enter');
        await p.waitForSelector(`#ac-problems .ac-problem[data-code="${x.code}"]`);
        await p.check(`#ac-problems .ac-problem[data-code="${x.code}"] input`);
      }
      expect(await p.textContent('#ac-chosen')).toBe('已选 2 件');
      await p.fill('#modal-form input[name=personName]', '张三');
      await p.fill('#modal-form input[name=personPost]', '水江镇主要负责人');
      await p.fill('#modal-form input[name=documentNumber]', DOCUMENT);
      expect(await p.inputValue('#modal-form input[name=decidedOn]')).toBe(shanghaiDay());
      expect(await p.getAttribute('#modal-form input[name=decidedOn]', 'max')).toBe(shanghaiDay());
      await p.fill('#modal-form textarea[name=reason]', '回头看发现扬尘问题反弹');
      await reloaded(p, 'accountability-view', () => submit(p));

      const { accountabilityRecords } = await api<{
        accountabilityRecords: {
          id: string;
          kind: string;
          personName: string;
          documentNumber: string;
          problems: { code: string }[];
        }[];
      }>(
        OFFICE,
        `query($u: ID) { accountabilityRecords(unitId: $u) { id kind personName documentNumber problems { code } } }`,
        { u: townId },
      );
      const record = accountabilityRecords.find((r) => r.documentNumber === DOCUMENT)!;
      expect(record).toMatchObject({ kind: 'INTERVIEW', personName: '张三' });
      expect(record.problems.map((x) => x.code).sort()).toEqual(problems.map((x) => x.code));
      const row = `#ac-table tr[data-id="${record.id}"]`;
      expect(await p.textContent(`${row} .ac-person`)).toBe('张三 · 水江镇主要负责人');
      expect(await p.textContent(`${row} .ac-problems`)).toBe(problems.map((x) => x.code).join(''));

      // filtered by unit and period: the town's records of today
      await reloaded(p, 'accountability-view', () => p.selectOption('#ac-unit', townId));
      await reloaded(p, 'accountability-view', () => p.fill('#ac-from', shanghaiDay()));
      const units = await p.$$eval('#ac-table tr[data-id] .ac-unit', (t) => t.map((c) => c.textContent));
      expect(units.length).toBeGreaterThan(0);
      expect(new Set(units)).toEqual(new Set(['水江镇']));

      await p.click(`${row} .ac-revoke`);
      await p.waitForSelector('#modal[data-event="revokeAccountability"]:not([hidden])');
      await p.fill('#modal-form textarea[name=reason]', '文号录入错误');
      await reloaded(p, 'accountability-view', () => submit(p));
      expect(await p.$(row)).toBeNull();
      await reloaded(p, 'accountability-view', () => p.check('#ac-revoked'));
      expect(await p.getAttribute(row, 'class')).toContain('revoked');
      expect(await p.textContent(`${row} .ac-revoke-note`)).toContain('已撤销：文号录入错误');
      expect(
        await p.$eval(
          `${row} .ac-struck`,
          (e) =>
            (
              globalThis as unknown as { getComputedStyle(el: unknown): { textDecorationLine: string } }
            ).getComputedStyle(e).textDecorationLine,
        ),
      ).toBe('line-through');
      expect(await p.$(`${row} .ac-revoke`)).toBeNull();

      const { accountabilityRecords: after } = await api<{
        accountabilityRecords: { id: string; revokedAt: string | null; revokeReason: string | null }[];
      }>(
        OFFICE,
        `query($u: ID) { accountabilityRecords(unitId: $u, includeRevoked: true) { id revokedAt revokeReason } }`,
        {
          u: townId,
        },
      );
      expect(after.find((r) => r.id === record.id)).toMatchObject({ revokeReason: '文号录入错误' });
      expect(after.find((r) => r.id === record.id)!.revokedAt).not.toBeNull();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the town reads its records on a phone, without the person', async () => {
    const context = await district.context({ phone: true });
    try {
      const p = await district.signIn(context, town);
      await reloaded(p, 'accountability-view', () => p.click('#accountability-link'));
      expect(await p.isHidden('#ac-record')).toBe(true);
      expect(await p.$('#ac-unit')).toBeNull();
      await reloaded(p, 'accountability-view', () => p.check('#ac-revoked'));
      const row = await p.$(`#ac-table tr[data-kind="INTERVIEW"][data-revoked="1"]`);
      expect(row).not.toBeNull();
      const text = await p.textContent('#accountability-view');
      expect(text).toContain(DOCUMENT);
      expect(text).not.toContain('张三');
      expect(text).not.toContain('水江镇主要负责人');
      expect(await p.$$('#ac-table .ac-person')).toHaveLength(0);
      const units = await p.$$eval('#ac-table tr[data-id] .ac-unit', (t) => t.map((c) => c.textContent));
      expect(new Set(units)).toEqual(new Set(['水江镇']));
      expect(await p.evaluate(OVERFLOW)).toEqual(FITS);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('logged no page error', () => {
    expect(district.problems).toEqual([]);
  });
});
