// 挂图 in Chromium (#27 item 6): the district's outline with exactly the API's located open problems, a point that opens
// its problem, the office's 登记问题 form (typed coordinates, and the browser's own position), and no sideways scroll at
// 390 px. With RECTIFY_SCREENSHOTS=1 it also writes docs/map.png.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  browserSuite,
  OFFICE,
  ROOT,
  SCREENSHOTS,
  sleep,
  startDemoDistrict,
  type DemoDistrict,
} from './browser-harness.js';

interface MapPoint {
  id: string;
  code: string;
  state: string;
  escalationLevel: string;
  longitude: number;
  latitude: number;
}
interface IssueMap {
  points: MapPoint[];
  unlocated: number;
  located: number;
  truncated: boolean;
}
interface SeriesOption {
  name: string;
  type: string;
  data: { id: string; value: [number, number] }[];
}
interface MapOption {
  geo: { map: string }[];
  legend: { data: string[] }[];
  series: SeriesOption[];
}
interface Located {
  title: string;
  source: string;
  category: string;
  location: string | null;
  batch: string | null;
  longitude: number | null;
  latitude: number | null;
  coordinateSystem: string | null;
  adminCode: string | null;
  complainant: { channel: string | null } | null;
}
/** The few browser globals the page functions touch (the project's TypeScript has no DOM library). */
interface MapGlobals {
  document: { getElementById(id: string): unknown; documentElement: { scrollWidth: number } };
  echarts: {
    getInstanceByDom(el: unknown):
      | {
          getOption(): unknown;
          convertToPixel(finder: { geoIndex: number }, value: [number, number]): [number, number];
        }
      | undefined;
    getMap(name: string): { geoJSON?: { features: { properties: { name: string } }[] } } | undefined;
  };
}

const MAP = `{ issueMap { points { id code state escalationLevel longitude latitude } unlocated located truncated } }`;
const LOCATED = `query($id: ID!) { issue(id: $id) { title source category location batch longitude latitude
  coordinateSystem adminCode complainant { channel } } }`;

browserSuite('the map (挂图) and filing a problem from the page, in Chromium', () => {
  let district: DemoDistrict;
  let office: BrowserContext;
  let page: Page;

  const mapOption = (p: Page) =>
    p.evaluate(() => {
      const g = globalThis as unknown as MapGlobals;
      const chart = g.echarts.getInstanceByDom(g.document.getElementById('map-chart'));
      return chart ? (JSON.parse(JSON.stringify(chart.getOption())) as MapOption) : null;
    });
  const pointsDrawn = (option: MapOption) =>
    option.series
      .filter((s) => s.type === 'scatter')
      .flatMap((s) => s.data.map((d) => ({ id: d.id, value: d.value, group: s.name })));
  /** Back to the overview, once it has loaded again (the hash changes; the page is not reloaded). */
  const overview = async (p: Page) => {
    const loads = Number(await p.locator('body').getAttribute('data-loaded'));
    await p.goto(`${district.base}/#/`);
    await p.waitForFunction(
      (n) =>
        Number(
          (globalThis as unknown as { document: { body: { dataset: { loaded?: string } } } }).document.body.dataset
            .loaded,
        ) > n,
      loads,
    );
  };
  const scrollWidth = (p: Page) =>
    p.evaluate(() => (globalThis as unknown as MapGlobals).document.documentElement.scrollWidth);

  beforeAll(async () => {
    district = await startDemoDistrict(120, { RECTIFY_DISTRICT_NAME: '南川区' });
    office = await district.context();
    page = await district.signIn(office, OFFICE);
  }, 180_000);

  afterAll(async () => {
    if (SCREENSHOTS && page) {
      await page.goto(`${district.base}/#/`);
      await page.waitForSelector('body[data-loaded]');
      await sleep(1000);
      await page.locator('#map-panel').screenshot({ path: join(ROOT, 'docs', 'map.png') });
    }
    await district?.close();
  }, 30_000);

  it('draws 南川区’s outline with exactly the API’s located open problems, and counts the rest', async () => {
    const { issueMap } = await district.api<{ issueMap: IssueMap }>(OFFICE, MAP);
    // the demo puts most open problems on the map
    expect(issueMap.located).toBeGreaterThan(issueMap.unlocated * 3);
    expect(issueMap.truncated).toBe(false);
    const option = (await mapOption(page))!;
    expect(option.geo[0].map).toBe('rectify-district');
    const outline = await page.evaluate(
      () => (globalThis as unknown as MapGlobals).echarts.getMap('rectify-district')?.geoJSON?.features ?? [],
    );
    expect(outline.map((f) => f.properties.name)).toEqual(['南川区']);
    expect(option.legend[0].data).toEqual([
      '挂牌督办',
      '督办',
      '预警',
      '已登记（待交办）',
      '已交办（待签收）',
      '整改中',
      '已验收',
    ]);

    const drawn = pointsDrawn(option);
    expect(drawn.map((d) => d.id).sort()).toEqual(issueMap.points.map((p) => p.id).sort());
    for (const p of issueMap.points) {
      const d = drawn.find((x) => x.id === p.id)!;
      expect(d.value).toEqual([p.longitude, p.latitude]);
      // coloured by escalation first, else by state
      const expected =
        { NAMED_SUPERVISION: '挂牌督办', SUPERVISION: '督办', WARNING: '预警' }[p.escalationLevel] ??
        { FILED: '已登记（待交办）', ASSIGNED: '已交办（待签收）', RECTIFYING: '整改中', VERIFIED: '已验收' }[p.state];
      expect(d.group).toBe(expected);
    }
    expect(await page.locator('#map-note').textContent()).toContain(`${issueMap.unlocated} 个问题未标注位置`);
    expect(await page.locator('#map-title').textContent()).toBe('南川区 问题分布图');
  });

  it('opens a problem when its point is clicked', async () => {
    const { issueMap } = await district.api<{ issueMap: IssueMap }>(OFFICE, MAP);
    await page.locator('#map-chart').scrollIntoViewIfNeeded();
    await sleep(800); // the entry animation
    const pixels = await page.evaluate((pts) => {
      const g = globalThis as unknown as MapGlobals;
      const chart = g.echarts.getInstanceByDom(g.document.getElementById('map-chart'))!;
      return pts.map((p) => ({ id: p.id, at: chart.convertToPixel({ geoIndex: 0 }, [p.longitude, p.latitude]) }));
    }, issueMap.points);
    // a point with no other within 12 px, so the click can mean only it
    const lone = pixels.find((a) =>
      pixels.every((b) => b === a || Math.hypot(a.at[0] - b.at[0], a.at[1] - b.at[1]) > 12),
    )!;
    expect(lone).toBeDefined();
    const box = (await page.locator('#map-chart').boundingBox())!;
    await page.mouse.click(box.x + lone.at[0], box.y + lone.at[1]);
    await page.waitForFunction(
      (id) => (globalThis as unknown as { location: { hash: string } }).location.hash === `#/issue/${id}`,
      lone.id,
    );
    const code = issueMap.points.find((p) => p.id === lone.id)!.code;
    await page.locator('#issue-view', { hasText: code }).waitFor();
    await overview(page);
  });

  it('lets the office file a problem with typed coordinates, and opens it', async () => {
    await page.locator('#file-issue-open').click();
    const modal = page.locator('#modal-form');
    await modal.locator('select[name=source]').selectOption('PUBLIC_COMPLAINT');
    await modal.locator('input[name=title]').fill('夜间施工噪声扰民');
    await modal.locator('textarea[name=description]').fill('某工地夜间22时后仍在浇筑混凝土');
    await modal.locator('select[name=category]').selectOption('NOISE');
    await modal.locator('input[name=location]').fill('东城街道');
    await modal.locator('input[name=batch]').fill('2026年12月群众举报');
    await modal.locator('input[name=complaintChannel]').fill('12345');
    await modal.locator('input[name=longitude]').fill('107.1012');
    await modal.locator('input[name=latitude]').fill('29.1588');
    await modal.locator('select[name=coordinateSystem]').selectOption('GCJ02');
    await modal.locator('input[name=adminCode]').fill('500119001');
    await modal.locator('#modal-submit').click();
    await page.waitForFunction(() =>
      /^#\/issue\/[0-9a-f-]{36}$/.test((globalThis as unknown as { location: { hash: string } }).location.hash),
    );
    const id = decodeURIComponent(new URL(page.url()).hash.slice('#/issue/'.length));
    await page.locator('#issue-view', { hasText: '夜间施工噪声扰民' }).waitFor();
    const { issue } = await district.api<{ issue: Located }>(OFFICE, LOCATED, { id });
    expect(issue).toEqual({
      title: '夜间施工噪声扰民',
      source: 'PUBLIC_COMPLAINT',
      category: 'NOISE',
      location: '东城街道',
      batch: '2026年12月群众举报',
      longitude: 107.1012,
      latitude: 29.1588,
      coordinateSystem: 'GCJ02',
      adminCode: '500119001',
      complainant: { channel: '12345' },
    });
    // the problem's page shows its place
    await page.locator('#issue-view', { hasText: '107.1012' }).waitFor();
    // and the map has its point
    await overview(page);
    expect(pointsDrawn((await mapOption(page))!).map((d) => d.id)).toContain(id);
  });

  it('takes the browser’s position (使用当前位置, WGS-84) when geolocation is granted', async () => {
    const context = await district.context();
    try {
      await context.grantPermissions(['geolocation'], { origin: district.base });
      await context.setGeolocation({ latitude: 29.1577, longitude: 107.0991, accuracy: 20 });
      const p = await district.signIn(context, OFFICE);
      await p.locator('#file-issue-open').click();
      const modal = p.locator('#modal-form');
      await modal.locator('input[name=title]').fill('河道漂浮垃圾');
      await modal.locator('textarea[name=description]').fill('河道回水区漂浮垃圾未及时清理');
      await modal.locator('select[name=coordinateSystem]').selectOption('GCJ02'); // the position resets it to WGS-84
      await modal.locator('#locate-btn').click();
      await modal.locator('#locate-status', { hasText: '已定位' }).waitFor();
      expect(await modal.locator('input[name=longitude]').inputValue()).toBe('107.099100');
      expect(await modal.locator('input[name=latitude]').inputValue()).toBe('29.157700');
      expect(await modal.locator('select[name=coordinateSystem]').inputValue()).toBe('WGS84');
      await modal.locator('#modal-submit').click();
      await p.waitForFunction(() =>
        /^#\/issue\/[0-9a-f-]{36}$/.test((globalThis as unknown as { location: { hash: string } }).location.hash),
      );
      const id = decodeURIComponent(new URL(p.url()).hash.slice('#/issue/'.length));
      const { issue } = await district.api<{ issue: Located }>(OFFICE, LOCATED, { id });
      expect(issue).toMatchObject({
        title: '河道漂浮垃圾',
        longitude: 107.0991,
        latitude: 29.1577,
        coordinateSystem: 'WGS84',
        adminCode: null,
      });
    } finally {
      await context.close();
    }
  });

  it('shows the button to the office only, and a unit its own problems on the map', async () => {
    const context = await district.context();
    try {
      const token = district.unitTokens.get('水江镇')!;
      const p = await district.signIn(context, token);
      expect(await p.locator('#file-issue-open').isHidden()).toBe(true);
      const { issueMap } = await district.api<{ issueMap: IssueMap }>(token, MAP);
      const drawn = pointsDrawn((await mapOption(p))!);
      expect(drawn.map((d) => d.id).sort()).toEqual(issueMap.points.map((x) => x.id).sort());
    } finally {
      await context.close();
    }
  });

  it('fits a 390 px phone without sideways scrolling, the map included', async () => {
    for (const token of [OFFICE, district.unitTokens.get('水江镇')!]) {
      const context = await district.context({ phone: true });
      try {
        const p = await district.signIn(context, token);
        await p.locator('#map-chart canvas').first().waitFor();
        expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
        const box = (await p.locator('#map-chart').boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(390);
        if (token === OFFICE) {
          await p.locator('#file-issue-open').click();
          await p.locator('#modal-form input[name=longitude]').waitFor();
          expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
          if (SCREENSHOTS) await p.screenshot({ path: join(ROOT, 'docs', 'file-issue.png') });
        }
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it('no page had a script error or a failed load', () => {
    expect(district.problems).toEqual([]);
  });
});
