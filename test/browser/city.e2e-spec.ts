// The city's view (city-page.js) in Debian's Chromium, on the built service seeded with the demo city
// (`seed-demo --city 20`): a city token opens on the map of Chongqing's 38 districts and counties, every one coloured,
// the districts ranked in order; a click on a district opens that district's own dashboard, read-only (nothing that
// writes shown, the problems that district's), and the way back leads to the city.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite, type DemoDistrict, startDemoDistrict } from './browser-harness.js';

interface ChartOption {
  series: { type: string; data: ({ name?: string; value: number } | number)[] }[];
  yAxis: { data?: string[] }[];
  visualMap?: unknown[];
}
interface ChartInstance {
  getOption(): unknown;
  convertToPixel(finder: object, value: unknown): number | number[];
}
interface BrowserGlobals {
  sessionStorage: { getItem(k: string): string | null };
  document: {
    getElementById(
      id: string,
    ): { getBoundingClientRect(): { left: number; top: number }; textContent: string | null } | null;
  };
  echarts: {
    getInstanceByDom(el: unknown): ChartInstance | undefined;
    getMap(name: string): { geoJSON?: { features: { properties: { name: string } }[] } } | undefined;
  };
}

const PER_DISTRICT = 20;

browserSuite('the city’s map in Chromium', () => {
  let city: DemoDistrict;
  let context: BrowserContext;
  let page: Page;

  const chartOption = (p: Page, id: string): Promise<ChartOption> =>
    p.evaluate((elId) => {
      const g = globalThis as unknown as BrowserGlobals;
      return JSON.parse(
        JSON.stringify(g.echarts.getInstanceByDom(g.document.getElementById(elId))!.getOption()),
      ) as ChartOption;
    }, id);

  /** Every problem of a district, as the city narrowed to it reads them (the API, with the header). */
  async function codesOf(districtId: string, token: string): Promise<Set<string>> {
    const res = await fetch(`${city.base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-rectify-district': districtId,
      },
      body: JSON.stringify({
        query: `{ issues(first: 200, filter: { includeFormer: true }) { edges { node { code } } } }`,
      }),
    });
    const body = (await res.json()) as { data: { issues: { edges: { node: { code: string } }[] } } };
    return new Set(body.data.issues.edges.map((e) => e.node.code));
  }

  /**
   * The page's script errors and failed loads — but for the page asking for the city's scores (districtScores) of a
   * service that has none yet: a 400 it answers by reading each district's own table.
   */
  let scored = true;
  const pageProblems = () => city.problems.filter((p) => scored || !p.includes('status of 400 (Bad Request)'));

  /** The city's scores for the period the page shows, as the API gives them. */
  async function districtScores(): Promise<
    { rank: number | null; score: number | null; district: { name: string } }[]
  > {
    const period = await page.inputValue('#city-period');
    const r = await city.api<{
      districtScores: { rank: number | null; score: number | null; district: { name: string } }[];
    }>(
      city.unitTokens.get('市领导')!,
      `query($p: String!) { districtScores(period: $p) { rank score district { name } } }`,
      {
        p: period,
      },
    );
    return r.districtScores;
  }

  beforeAll(async () => {
    // The city reads 38 districts where an office reads one: its database-time budget is the harness's office's
    // times ten (the page also waits out a refusal's Retry-After).
    city = await startDemoDistrict(PER_DISTRICT, { RECTIFY_DB_READ_MS_PER_SECOND: '30000' }, [
      '--city',
      String(PER_DISTRICT),
    ]);
    expect([...city.unitTokens.keys()]).toEqual(expect.arrayContaining(['市督察办', '市领导', '万州区整改办']));
    context = await city.context();
    page = await city.signIn(context, city.unitTokens.get('市领导')!);
    await page.waitForSelector('body[data-city-loaded]');
    scored = !(await page.isDisabled('#city-metric button[data-metric=score]'));
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await city?.close();
  });

  it('opens on the city: the map of 38 district outlines, every district coloured', async () => {
    expect(await page.isVisible('#city-view')).toBe(true);
    expect(await page.isHidden('#dashboard')).toBe(true);
    expect(await page.textContent('#who')).toContain('市领导');
    const outlines = await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      return g.echarts.getMap('rectify-city')!.geoJSON!.features.map((f) => f.properties.name);
    });
    expect(outlines).toHaveLength(38);
    const map = await chartOption(page, 'city-map-chart');
    expect(map.series[0].type).toBe('map');
    const data = map.series[0].data as { name: string; value: number }[];
    expect(data.map((d) => d.name).sort()).toEqual([...outlines].sort());
    if (scored) {
      // 综合得分: each district coloured by its score (one the city cannot score yet — null — left grey).
      const scores = await districtScores();
      expect(scores.filter((x) => x.score !== null).length).toBeGreaterThan(30);
      const byName = new Map(scores.map((x) => [x.district.name, x.score]));
      for (const d of data) {
        const score = byName.get(d.name);
        expect([d.name, d.value]).toEqual([d.name, score === null ? null : Math.round(score! * 10) / 10]);
      }
    } else for (const d of data) expect(typeof d.value).toBe('number');
    expect(map.visualMap).toHaveLength(1);
    // The districts differ (histories of different lengths): the colours are not all one.
    expect(new Set(data.map((d) => d.value)).size).toBeGreaterThan(5);
    expect(await page.textContent('#city-error')).toBe('');
    expect(pageProblems()).toEqual([]);
  });

  it('ranks the districts in order: the bars and the table agree, best first', async () => {
    const bars = await chartOption(page, 'city-rank-chart');
    const names = bars.yAxis[0].data!;
    expect(names).toHaveLength(38);
    const values = (bars.series[0].data as { value: number | null }[]).map((d) => d.value ?? -1);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    if (scored) {
      // 综合得分: the bars in the city's ranking (districtScores), first place on top.
      const ranked = (await districtScores())
        .filter((x) => x.rank !== null)
        .sort((a, b) => a.rank! - b.rank!)
        .map((x) => x.district.name);
      expect(ranked.length).toBeGreaterThan(30);
      expect(names.slice(0, ranked.length)).toEqual(ranked);
    }
    const table = await page.$$eval('#city-rank-table tbody tr td:nth-child(2)', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(table).toEqual(names);
    // The toggle: 销号率 colours the map by the closure rate (综合得分 when the city's scores are served).
    await page.click('#city-metric button[data-metric=closureRate]');
    const byRate = await chartOption(page, 'city-rank-chart');
    const rates = (byRate.series[0].data as { value: number }[]).map((d) => d.value);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThanOrEqual(rates[i - 1]);
    for (const r of rates) expect(r).toBeLessThanOrEqual(100);
  });

  it('draws the trend: the city’s closure rate by quarter, and one district’s', async () => {
    expect(await page.textContent('#city-trend-error')).toBe('');
    const trend = await chartOption(page, 'city-trend-chart');
    expect(trend.series.map((s) => (s as unknown as { name: string }).name)[0]).toBe('全市');
    expect(trend.series).toHaveLength(2);
    expect(trend.series[0].data).toHaveLength(6);
  });

  it('a click on a district’s bar opens its own dashboard, read-only, with that district’s problems only', async () => {
    const bars = await chartOption(page, 'city-rank-chart');
    const target = bars.yAxis[0].data![2];
    // Where the third bar is drawn, on the page.
    const at = await page.evaluate((name) => {
      const g = globalThis as unknown as BrowserGlobals;
      const el = g.document.getElementById('city-rank-chart')!;
      const chart = g.echarts.getInstanceByDom(el)!;
      const y = chart.convertToPixel({ yAxisIndex: 0 }, name) as number;
      const x = chart.convertToPixel({ xAxisIndex: 0 }, 1) as number;
      const box = el.getBoundingClientRect();
      return { x: box.left + x + 1, y: box.top + y };
    }, target);
    const loads = Number(await page.getAttribute('body', 'data-loaded'));
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`body[data-loaded="${loads + 1}"]`);
    expect(await page.isVisible('#dashboard')).toBe(true);
    expect(await page.isHidden('#city-view')).toBe(true);
    expect(await page.textContent('#district-banner')).toContain(target);
    expect(await page.textContent('#district-banner')).toContain('只读');
    // The map outlines that district, not the default one.
    await page.waitForFunction(
      (name) =>
        (globalThis as unknown as BrowserGlobals).document.getElementById('map-title')?.textContent?.startsWith(name),
      target,
    );
    const outlined = await page.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).echarts
        .getMap('rectify-district')!
        .geoJSON!.features.map((f) => f.properties.name),
    );
    expect(outlined).toEqual([target]);
    // Nothing that writes.
    for (const id of ['#file-issue-open', '#screens-link']) expect(await page.isHidden(id)).toBe(true);
    const stored = await page.evaluate(
      () =>
        JSON.parse((globalThis as unknown as BrowserGlobals).sessionStorage.getItem('rectify.district') ?? 'null') as {
          id: string;
          name: string;
        },
    );
    expect(stored.name).toBe(target);
    // The overdue problems shown are the district's own.
    const own = await codesOf(stored.id, city.unitTokens.get('市领导')!);
    expect(own.size).toBe(PER_DISTRICT);
    const shown = await page.$$eval('#overdue-table tbody tr[data-code]', (rows) =>
      rows.map((r) => r.getAttribute('data-code')!),
    );
    for (const code of shown) expect(own.has(code)).toBe(true);
    // The list: every row the district's, no import or filing.
    await page.click('#list-link');
    await page.waitForSelector('#list-view:not([hidden]) #issue-list tbody tr td.mono');
    expect(await page.isHidden('#import-btn')).toBe(true);
    expect(await page.isHidden('#file-issue-btn')).toBe(true);
    const listed = await page.$$eval('#issue-list tbody tr td.mono', (tds) => tds.map((td) => td.textContent!));
    expect(listed.length).toBeGreaterThan(0);
    for (const code of listed) expect(own.has(code)).toBe(true);
    expect(pageProblems()).toEqual([]);
    // A problem's page: no action.
    await page.locator('#issue-list tbody tr td a').first().click();
    await page.waitForSelector('#issue-view:not([hidden]) #issue-state');
    expect(await page.locator('#issue-actions button').count()).toBe(0);
    expect(pageProblems()).toEqual([]);
  });

  it('the way back leads to the whole city', async () => {
    await page.click('#back-to-city');
    await page.waitForSelector('#city-view:not([hidden])');
    expect(await page.isHidden('#district-banner')).toBe(true);
    expect(
      await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('rectify.district')),
    ).toBeNull();
    const map = await chartOption(page, 'city-map-chart');
    expect(map.series[0].data).toHaveLength(38);
  });
});
