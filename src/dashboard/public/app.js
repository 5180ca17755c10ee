// 挂图作战: the office's dashboard. Plain ES module, no build step; talks only to /graphql and /reports on this service.
import {
  addDays,
  ApiError,
  CATEGORY,
  date,
  dateTime,
  daysOverdue,
  DEADLINE_KIND,
  ECO_ATTRIBUTE,
  ECO_CATEGORY,
  ECO_STATUS,
  endOfDay,
  errorText,
  escalationText,
  ESCALATION,
  ESCALATION_RANK,
  EVENT,
  FINDING,
  gql,
  h,
  mondayOf,
  pct,
  pct1,
  quarterOf,
  restError,
  ROLE,
  SATISFACTION,
  shanghaiDay,
  SOURCE,
  SUBSTATE,
} from './common.js';
import { createInbox } from './inbox.js';

const echarts = window.echarts;
const TOKEN_KEY = 'rectify.token';
const params = new URLSearchParams(location.search);
const REFRESH_MS = Math.max(5, Number(params.get('refresh')) || 60) * 1000;
/** Events this close together reload the dashboard once. */
const LIVE_BURST_MS = 1000;
/** The inbox is read again this long after an event: its notifications are planned on the service's beat, after it. */
const INBOX_AFTER_EVENT_MS = 2500;
/** How many of the lowest-ranked units the weekly table names (周通报 后进单位). */
const BOTTOM_COUNT = 3;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  week: shanghaiDay(),
  sources: new Set(), // empty: every source
  screen: false,
  timer: null,
  overdue: [],
  sort: { key: 'days', dir: -1 },
  units: null,
  blobUrls: [],
  loads: 0,
  live: null, // the graphql-ws client while signed in
};

const $ = (id) => document.getElementById(id);
const inbox = createInbox((query, variables) => api(query, variables), $);

// ---------------------------------------------------------------- queries

const ME = `{ me { role label unit { id name } } }`;

const WEEKLY = `query Weekly($weekOf: Date!, $sources: [IssueSource!]) {
  weeklyReport(weekOf: $weekOf, sources: $sources) {
    asOf periodStart
    rows { rank unit { id name } total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod }
    total { total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod }
  }
}`;

const OVERDUE = `query Overdue($after: String, $filter: IssueFilter) {
  issues(first: 200, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code title dueAt escalationLevel substate source leadUnit { name } } }
  }
}`;

const ECO_TABLE = `query Eco($periods: [String!]!) {
  ecoTable(periods: $periods) {
    asOf periods
    rows {
      role targetShare unit { name }
      indicator { id seq code name category attribute measureUnit baselineText targetText }
      cells { period reportPeriod value yearTarget status }
    }
  }
}`;

const SCORES = `query Scores($period: String!) {
  unitScores(period: $period) { rank unit { id name } score listScore tableScore problems closureRate onTimeRate overdue rebounds }
}`;

const EVIDENCE_FIELDS = 'id fileName mediaType url eventSeq note public';
const ISSUE = `query Issue($id: ID!) {
  issue(id: $id) {
    id code title description source batch category location state substate version
    deadlineKind dueAt originalDueAt overdue dueSoon escalationLevel progressPercent reboundCount
    filedAt closedAt replyDueAt finding satisfaction published publicSummary
    leadUnit { id name } cooperatingUnits { id name }
    pendingExtension { newDueAt reason requestedAt }
    complainant { name phone channel }
    parent { id code title } children { id code title substate } duplicateOf { id code title }
    allowedEvents
    evidence { ${EVIDENCE_FIELDS} }
    events { seq type at actor unit { name } fromState toState comment evidence { ${EVIDENCE_FIELDS} } }
  }
}`;

const UNITS = `{ units { id name kind } }`;

/** The API with this session's token; a token that stopped working signs the user out. */
async function api(query, variables) {
  try {
    return await gql(query, variables, state.token);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') signOut(errorText(e));
    throw e;
  }
}

// ---------------------------------------------------------------- sign-in

async function signIn(token) {
  const { me } = await gql(ME, {}, token);
  state.token = token;
  state.me = me;
  sessionStorage.setItem(TOKEN_KEY, token);
  followLive();
  void inbox.refresh();
}

function signOut(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.me = null;
  state.live?.dispose();
  state.live = null;
  inbox.close();
  if (state.screen) setScreen(false);
  $('login-error').textContent = message;
  showLogin();
}

/**
 * Live: each event the caller may see (issueEvents over graphql-ws, the same token) reloads the dashboard, once per
 * burst. The big screen's timer stays as the fallback when the connection is down.
 */
function followLive() {
  const ws = window.graphqlWs;
  if (state.live || !ws) return;
  state.live = ws.createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${state.token}` },
    retryAttempts: Infinity,
  });
  let waiting = null;
  let inboxWaiting = null;
  state.live.subscribe(
    { query: 'subscription { issueEvents { seq } }' },
    {
      next: () => {
        waiting ??= setTimeout(() => {
          waiting = null;
          if (state.me && !$('dashboard').hidden) void loadDashboard();
        }, LIVE_BURST_MS);
        inboxWaiting ??= setTimeout(() => {
          inboxWaiting = null;
          if (state.me) void inbox.refresh();
        }, INBOX_AFTER_EVENT_MS);
      },
      error: () => {},
      complete: () => {},
    },
  );
}

function showLogin() {
  for (const id of ['dashboard', 'issue-view', 'who', 'top-actions']) $(id).hidden = true;
  $('login').hidden = false;
  $('token').focus();
}

function showWho() {
  const { role, label, unit } = state.me;
  $('who').textContent = `${ROLE[role] ?? role}${unit ? ` · ${unit.name}` : ''}${label ? ` · ${label}` : ''}`;
  $('who').hidden = false;
  $('top-actions').hidden = false;
  $('login').hidden = true;
}

// ---------------------------------------------------------------- routing

function route() {
  if (!state.me) return showLogin();
  showWho();
  const m = /^#\/issue\/([^/?#]+)/.exec(location.hash);
  if (m) return showIssue(decodeURIComponent(m[1]));
  $('issue-view').hidden = true;
  $('dashboard').hidden = false;
  return loadDashboard();
}

// ---------------------------------------------------------------- charts

function chart(id) {
  const el = $(id);
  return echarts.getInstanceByDom(el) ?? echarts.init(el, state.screen ? 'dark' : null, { renderer: 'canvas' });
}

function disposeCharts() {
  for (const id of ['rank-chart', 'trend-chart', 'score-chart']) echarts.getInstanceByDom($(id))?.dispose();
}

window.addEventListener('resize', () => {
  for (const id of ['rank-chart', 'trend-chart', 'score-chart']) echarts.getInstanceByDom($(id))?.resize();
});

const TEXT = () => (state.screen ? '#d6e4ff' : '#333');
const RED = '#d4380d';

// ---------------------------------------------------------------- the dashboard

function sourcesVar() {
  return state.sources.size ? [...state.sources] : null;
}

async function loadDashboard() {
  const monday = mondayOf(state.week);
  $('week').value = state.week;
  $('week-range').textContent =
    `${monday.slice(5).replace('-', '月')}日 至 ${addDays(monday, 6).slice(5).replace('-', '月')}日`;
  $('screen-title').textContent = `生态环保督察整改 挂图作战 · ${monday} 当周`;
  await Promise.allSettled([loadWeekly(), loadTrend(), loadOverdue(), loadEco()]);
  $('updated').textContent =
    `数据更新于 ${dateTime(new Date().toISOString())}${state.screen ? `，每${REFRESH_MS / 1000}秒自动刷新` : ''}`;
  // Browser tests wait for this: every panel has finished (or shown its error).
  document.body.dataset.loaded = String(++state.loads);
}

async function loadWeekly() {
  $('rank-error').textContent = '';
  try {
    const { weeklyReport } = await api(WEEKLY, { weekOf: state.week, sources: sourcesVar() });
    renderKpis(figuresOf(weeklyReport));
    renderRanking(weeklyReport);
  } catch (e) {
    $('kpis').replaceChildren();
    echarts.getInstanceByDom($('rank-chart'))?.clear();
    $('rank-error').textContent = `周通报加载失败：${errorText(e)}`;
  }
}

const NO_FIGURES = {
  total: 0,
  closed: 0,
  closureRate: 0,
  onTimeRate: 0,
  open: 0,
  overdue: 0,
  dueSoon: 0,
  filedInPeriod: 0,
  closedInPeriod: 0,
  rebounds: 0,
};

/** The caller's own figures: a unit's row (it leads nothing yet: zeros), the district's total for everyone else. */
function figuresOf(report) {
  if (state.me.role !== 'UNIT') return report.total;
  return report.rows.find((r) => r.unit?.id === state.me.unit?.id) ?? NO_FIGURES;
}

function renderKpis(t) {
  const cards = [
    ['total', '问题总数', t.total],
    ['closed', '已销号', t.closed],
    ['closureRate', '销号率', pct(t.closureRate)],
    ['onTimeRate', '按时率', pct(t.onTimeRate)],
    ['open', '未完成', t.open],
    ['overdue', '逾期', t.overdue, t.overdue > 0],
    ['dueSoon', '即将到期', t.dueSoon],
    ['filedInPeriod', '本周新增', t.filedInPeriod],
    ['closedInPeriod', '本周销号', t.closedInPeriod],
    ['rebounds', '反弹', t.rebounds, t.rebounds > 0],
  ];
  $('kpis').replaceChildren(
    ...cards.map(([key, label, value, alarm]) =>
      h(
        'div',
        { class: `kpi${alarm ? ' alarm' : ''}`, dataset: { kpi: key } },
        h('div', { class: 'kpi-value' }, value),
        h('div', { class: 'kpi-label' }, label),
      ),
    ),
  );
}

/** The lowest-ranked units (ties with the last named one included); none when there are too few to rank. */
function bottomUnits(rows) {
  if (rows.length <= BOTTOM_COUNT) return new Set();
  const cutoff = rows[rows.length - BOTTOM_COUNT].rank;
  return new Set(rows.filter((r) => r.rank >= cutoff).map((r) => r.unit.name));
}

function renderRanking(report) {
  const rows = [...report.rows].sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'zh'));
  const bottom = bottomUnits(rows);
  const own = state.me.role === 'UNIT';
  $('rank-title').textContent = own ? '本单位销号率 / 按时率（对比全区）' : '各单位销号率 / 按时率排名';
  const el = $('rank-chart');
  el.style.height = `${Math.max(240, rows.length * 34 + 70)}px`;
  const c = chart('rank-chart');
  c.resize();
  const totalRate = pct1(report.total.closureRate);
  c.setOption(
    {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${v}%` },
      legend: { data: ['销号率', '按时率'], top: 0, left: 0, textStyle: { color: TEXT() } },
      grid: { left: 8, right: 56, top: 44, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        inverse: true, // rank 1 at the top
        data: rows.map((r) => r.unit.name),
        axisLabel: {
          formatter: (name) => (bottom.has(name) ? `{bottom|${name} ▼后进}` : name),
          rich: { bottom: { color: RED, fontWeight: 'bold' } },
        },
      },
      series: [
        {
          name: '销号率',
          type: 'bar',
          data: rows.map((r) => ({
            value: pct1(r.closureRate),
            itemStyle: bottom.has(r.unit.name) ? { color: RED } : undefined,
          })),
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
          markLine: {
            symbol: 'none',
            silent: true,
            data: [{ name: '全区', xAxis: totalRate }],
            label: {
              formatter: `全区 ${totalRate}%`,
              position: 'start',
              color: state.screen ? '#ffd666' : '#1d39c4',
              fontWeight: 'bold',
            },
            lineStyle: { type: 'dashed', color: state.screen ? '#ffd666' : '#1d39c4', width: 2 },
          },
        },
        { name: '按时率', type: 'bar', data: rows.map((r) => pct1(r.onTimeRate)), itemStyle: { color: '#52c41a' } },
      ],
    },
    true,
  );
  el.dataset.bottom = [...bottom].join(',');
}

/** The twelve Mondays ending with the chosen week's. */
function trendWeeks() {
  const monday = mondayOf(state.week);
  return Array.from({ length: 12 }, (_, i) => addDays(monday, -7 * (11 - i)));
}

async function loadTrend() {
  $('trend-error').textContent = '';
  $('trend-title').textContent = state.me.role === 'UNIT' ? '本单位近12周趋势' : '近12周趋势';
  const weeks = trendWeeks();
  // One request: twelve aliased weeklyReport fields.
  const query = `query Trend($sources: [IssueSource!]) {
    ${weeks.map((w, i) => `w${i}: weeklyReport(weekOf: "${w}", sources: $sources) { rows { unit { id } closureRate open overdue closed total } total { closureRate open overdue closed total } }`).join('\n')}
  }`;
  try {
    const data = await api(query, { sources: sourcesVar() });
    const totals = weeks.map((_, i) => figuresOf(data[`w${i}`]));
    const c = chart('trend-chart');
    c.setOption(
      {
        backgroundColor: 'transparent',
        tooltip: { trigger: 'axis' },
        legend: { data: ['销号率', '未完成', '逾期'], top: 0, textStyle: { color: TEXT() } },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: weeks, axisLabel: { formatter: (w) => w.slice(5) } },
        yAxis: [
          { type: 'value', name: '件', minInterval: 1 },
          {
            type: 'value',
            name: '销号率',
            min: 0,
            max: 100,
            axisLabel: { formatter: '{value}%' },
            splitLine: { show: false },
          },
        ],
        series: [
          { name: '未完成', type: 'bar', data: totals.map((t) => t.open), itemStyle: { color: '#597ef7' } },
          { name: '逾期', type: 'bar', data: totals.map((t) => t.overdue), itemStyle: { color: RED } },
          {
            name: '销号率',
            type: 'line',
            yAxisIndex: 1,
            data: totals.map((t) => pct1(t.closureRate)),
            smooth: true,
            itemStyle: { color: '#faad14' },
            label: {
              show: true,
              formatter: '{c}%',
              fontSize: 10,
              position: 'top',
              color: TEXT(),
              backgroundColor: state.screen ? 'rgba(2,11,44,.7)' : 'rgba(255,255,255,.8)',
              padding: [1, 2],
            },
            tooltip: { valueFormatter: (v) => `${v}%` },
          },
        ],
      },
      true,
    );
  } catch (e) {
    echarts.getInstanceByDom($('trend-chart'))?.clear();
    $('trend-error').textContent = `趋势加载失败：${errorText(e)}`;
  }
}

async function loadOverdue() {
  $('overdue-error').textContent = '';
  try {
    const rows = [];
    let after = null;
    for (let page = 0; page < 25; page++) {
      const { issues } = await api(OVERDUE, { after, filter: { overdue: true, sources: sourcesVar() } });
      rows.push(...issues.edges.map((e) => e.node));
      if (!issues.pageInfo.hasNextPage) break;
      after = issues.pageInfo.endCursor;
    }
    const now = Date.now();
    state.overdue = rows.map((r) => ({ ...r, days: daysOverdue(r.dueAt, now), unit: r.leadUnit?.name ?? '' }));
    $('overdue-note').textContent = `当前共 ${rows.length} 件（截至 ${dateTime(new Date(now).toISOString())}）`;
    renderOverdue();
  } catch (e) {
    state.overdue = [];
    renderOverdue();
    $('overdue-error').textContent = `逾期问题加载失败：${errorText(e)}`;
  }
}

const SORTERS = {
  code: (a, b) => a.code.localeCompare(b.code),
  title: (a, b) => a.title.localeCompare(b.title, 'zh'),
  unit: (a, b) => a.unit.localeCompare(b.unit, 'zh'),
  dueAt: (a, b) => new Date(a.dueAt) - new Date(b.dueAt),
  days: (a, b) => a.days - b.days,
  level: (a, b) => ESCALATION_RANK[a.escalationLevel] - ESCALATION_RANK[b.escalationLevel],
};

function renderOverdue() {
  const { key, dir } = state.sort;
  const rows = [...state.overdue].sort((a, b) => dir * SORTERS[key](a, b) || SORTERS.code(a, b));
  for (const th of $('overdue-table').querySelectorAll('th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  const open = (id) => (location.hash = `#/issue/${encodeURIComponent(id)}`);
  $('overdue-table').tBodies[0].replaceChildren(
    ...(rows.length
      ? rows.map((r) =>
          h(
            'tr',
            {
              class: 'clickable',
              tabindex: 0,
              dataset: { id: r.id, code: r.code, level: r.escalationLevel, days: r.days },
              onclick: () => open(r.id),
              onkeydown: (e) => e.key === 'Enter' && open(r.id),
            },
            h('td', { class: 'mono nowrap' }, r.code),
            h(
              'td',
              {},
              h('a', { href: `#/issue/${encodeURIComponent(r.id)}` }, r.title),
              h('span', { class: 'tag' }, SOURCE[r.source] ?? r.source),
            ),
            h('td', { class: 'nowrap' }, r.unit || '—'),
            h('td', { class: 'nowrap' }, date(r.dueAt)),
            h('td', { class: `num${r.days > 30 ? ' hot' : ''}` }, r.days),
            h('td', {}, h('span', { class: `level level-${r.escalationLevel}` }, escalationText(r.escalationLevel))),
          ),
        )
      : [h('tr', {}, h('td', { colspan: 6, class: 'muted center' }, '暂无逾期问题'))]),
  );
}

/** The last complete year and quarter before the chosen week: periods that units have had to report. */
function ecoPeriods() {
  const [y, q] = quarterOf(state.week).split('-Q').map(Number);
  return { year: String(y - 1), quarter: q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}` };
}

function ecoCell(cell) {
  const target = cell.yearTarget === null || cell.yearTarget === undefined ? '' : `目标 ${cell.yearTarget}`;
  return h(
    'td',
    {
      class: 'eco-cell',
      dataset: { period: cell.period, status: cell.status },
      title: `${cell.reportPeriod} 期${target ? `，${target}` : ''}`,
    },
    h('span', { class: 'num' }, cell.value === null ? '—' : `${cell.value}`),
    ' ',
    h('span', { class: `eco eco-${cell.status}` }, ECO_STATUS[cell.status] ?? cell.status),
    target ? h('div', { class: 'muted small' }, target) : null,
  );
}

async function loadEco() {
  const { year, quarter } = ecoPeriods();
  $('eco-period').textContent = `（${year} 年度、${quarter}）`;
  // The eco-report is a later part of the service: each panel says so when its query fails, the rest works on.
  const [table, scores] = await Promise.allSettled([
    api(ECO_TABLE, { periods: [year, quarter] }),
    api(SCORES, { period: quarter }),
  ]);
  const tableEl = $('eco-table');
  if (table.status === 'fulfilled') {
    const { rows, periods, asOf } = table.value.ecoTable;
    $('eco-note').textContent = rows.length
      ? `截至 ${dateTime(asOf)}；年度指标按年报送，季度指标按季报送`
      : '尚未设置生态报表指标';
    tableEl.tHead.replaceChildren(
      h(
        'tr',
        {},
        h('th', {}, '序号'),
        h('th', {}, '指标'),
        h('th', {}, '基期值'),
        h('th', {}, '规划目标'),
        ...periods.map((p) => h('th', {}, /^\d{4}$/.test(p) ? `${p}年` : p)),
      ),
    );
    tableEl.tBodies[0].replaceChildren(
      ...rows.map((r) => {
        const i = r.indicator;
        return h(
          'tr',
          { dataset: { indicator: i.code } },
          h('td', { class: 'num' }, i.seq),
          h(
            'td',
            {},
            i.name,
            h(
              'div',
              { class: 'muted small' },
              `${ECO_CATEGORY[i.category] ?? i.category} · ${ECO_ATTRIBUTE[i.attribute] ?? i.attribute} · ${i.measureUnit}`,
              r.role === 'CONTRIBUTOR' ? ' · 配合' : '',
            ),
          ),
          h('td', { class: 'num' }, i.baselineText),
          h('td', { class: 'num' }, i.targetText),
          ...r.cells.map(ecoCell),
        );
      }),
    );
  } else {
    tableEl.tBodies[0].replaceChildren();
    $('eco-note').textContent = `生态报表暂不可用：${errorText(table.reason)}`;
  }

  if (scores.status === 'fulfilled') {
    renderScores(scores.value.unitScores, quarter);
  } else {
    echarts.getInstanceByDom($('score-chart'))?.clear();
    $('score-note').textContent = `综合得分暂不可用：${errorText(scores.reason)}`;
  }
}

function renderScores(list, period) {
  const scored = list
    .filter((s) => s.score !== null)
    .sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'zh'));
  const unscored = list.length - scored.length;
  $('score-period').textContent = `（${period}）`;
  $('score-note').textContent = `问题清单与生态报表合并计分${unscored ? `；${unscored} 个单位暂无得分` : ''}`;
  const el = $('score-chart');
  el.style.height = `${Math.max(200, scored.length * 26 + 60)}px`;
  const c = chart('score-chart');
  c.resize();
  const byName = new Map(scored.map((s) => [s.unit.name, s]));
  const fmt = (v) => (v === null || v === undefined ? '—' : v.toFixed(1));
  c.setOption(
    {
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items) => {
          const s = byName.get(items[0].name);
          // The tooltip is HTML: a unit's name is text, escaped by ECharts' own encoder.
          return `${echarts.format.encodeHTML(s.unit.name)}（第${s.rank}名）<br>综合得分 ${fmt(s.score)}<br>问题清单 ${fmt(s.listScore)} · 生态报表 ${fmt(s.tableScore)}`;
        },
      },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: scored.map((s) => s.unit.name) },
      series: [
        {
          name: '综合得分',
          type: 'bar',
          data: scored.map((s) => Math.round(s.score * 10) / 10),
          itemStyle: { color: '#13c2c2' },
          label: { show: true, position: 'right', fontSize: 11 },
        },
      ],
    },
    true,
  );
}

// ---------------------------------------------------------------- filters, export, big screen

function setupFilters() {
  const box = $('sources');
  for (const [value, label] of Object.entries(SOURCE)) {
    box.append(
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          value,
          onchange: (e) => {
            if (e.target.checked) state.sources.add(value);
            else state.sources.delete(value);
            void loadDashboard();
          },
        }),
        label,
      ),
    );
  }
  $('week').max = shanghaiDay();
  $('week').addEventListener('change', (e) => {
    if (!e.target.value) return;
    state.week = e.target.value;
    void loadDashboard();
  });
  const step = (n) => {
    const next = addDays(state.week, n);
    state.week = next > shanghaiDay() ? shanghaiDay() : next;
    void loadDashboard();
  };
  $('prev-week').addEventListener('click', () => step(-7));
  $('next-week').addEventListener('click', () => step(7));
  $('refresh-btn').addEventListener('click', () => void loadDashboard());
  $('export-btn').addEventListener('click', () => void exportWeekly());
  for (const th of $('overdue-table').querySelectorAll('th[data-sort]')) {
    th.addEventListener('click', () => {
      const key = th.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : key === 'days' || key === 'level' ? -1 : 1 };
      renderOverdue();
    });
  }
}

/** The same spreadsheet as GET /reports/weekly.xlsx, fetched with the token (a plain link cannot carry it). */
async function exportWeekly() {
  const q = new URLSearchParams({ weekOf: state.week });
  if (state.sources.size) q.set('sources', [...state.sources].join(','));
  try {
    const res = await fetch(`/reports/weekly.xlsx?${q}`, { headers: { authorization: `Bearer ${state.token}` } });
    if (!res.ok) throw new Error(errorText(await restError(res)));
    const url = URL.createObjectURL(await res.blob());
    h('a', { href: url, download: `周通报-${mondayOf(state.week)}.xlsx` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    toast(`导出失败：${e.message}`);
  }
}

function setScreen(on) {
  if (state.screen === on) return;
  state.screen = on;
  document.body.classList.toggle('screen', on);
  $('screen-btn').textContent = on ? '退出大屏' : '大屏模式';
  clearInterval(state.timer);
  state.timer = null;
  if (on) {
    document.documentElement.requestFullscreen?.().catch(() => {}); // refused without a click (e.g. ?screen=1): the page still works
    state.timer = setInterval(() => {
      if (!$('dashboard').hidden && state.me) void loadDashboard();
    }, REFRESH_MS);
  } else if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  }
  // The charts take the dark theme on the big screen: build them again.
  disposeCharts();
  if (on && location.hash.startsWith('#/issue/')) location.hash = '#/';
  else if (state.me && !$('dashboard').hidden) void loadDashboard();
}

document.addEventListener('fullscreenchange', () => {
  if (!document.fullscreenElement && state.screen) setScreen(false); // Esc leaves the big screen
});

// ---------------------------------------------------------------- a problem

function revokeBlobs() {
  for (const u of state.blobUrls) URL.revokeObjectURL(u);
  state.blobUrls = [];
}

/** Evidence needs the bearer token, which an <img src> cannot send: fetch it and show a blob: URL. */
async function evidenceBlob(url) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${state.token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blobUrl = URL.createObjectURL(await res.blob());
  state.blobUrls.push(blobUrl);
  return blobUrl;
}

function evidenceItem(e) {
  const title = `${e.fileName}${e.note ? `：${e.note}` : ''}`;
  if (e.mediaType.startsWith('image/')) {
    const img = h('img', { class: 'thumb', alt: title, title, dataset: { evidence: e.id } });
    evidenceBlob(e.url)
      .then((u) => {
        img.src = u;
        img.addEventListener('click', () => {
          $('lightbox-img').src = u;
          $('lightbox').hidden = false;
        });
      })
      .catch(() => img.replaceWith(h('span', { class: 'muted small' }, `${e.fileName}（无法加载）`)));
    return img;
  }
  const link = h('a', { href: '#', class: 'file', title }, `📄 ${e.fileName}`);
  link.addEventListener('click', async (ev) => {
    ev.preventDefault();
    try {
      h('a', { href: await evidenceBlob(e.url), download: e.fileName }).click();
    } catch (err) {
      toast(`下载失败：${err.message}`);
    }
  });
  return link;
}

function deadlineText(i) {
  if (!i.deadlineKind) return '未交办';
  if (i.deadlineKind === 'LONG_TERM') return DEADLINE_KIND.LONG_TERM;
  return `${DEADLINE_KIND[i.deadlineKind]} · ${dateTime(i.dueAt)}`;
}

async function showIssue(id) {
  revokeBlobs();
  $('dashboard').hidden = true;
  const view = $('issue-view');
  view.hidden = false;
  view.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
  let issue;
  try {
    issue = (await api(ISSUE, { id })).issue;
  } catch (e) {
    // A malformed id reads as "not found" too: nothing tells a unit whether someone else's problem exists.
    issue = null;
    if (!(e instanceof ApiError) || !['BAD_USER_INPUT', 'NOT_FOUND'].includes(e.code)) {
      view.replaceChildren(backLink(), h('p', { class: 'error' }, `加载失败：${errorText(e)}`));
      return;
    }
  }
  if (!issue) {
    view.replaceChildren(backLink(), h('div', { class: 'not-found', id: 'not-found' }, '未找到该问题，或您无权查看。'));
    return;
  }
  renderIssue(issue);
}

function backLink() {
  return h('p', {}, h('a', { href: '#/' }, '← 返回总览'));
}

function renderIssue(i) {
  const field = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...(value.length ? value : ['—']))];
  const unitLink = (x) => h('a', { href: `#/issue/${encodeURIComponent(x.id)}` }, `${x.code} ${x.title}`);
  const badges = [
    h('span', { class: `state state-${i.state}`, id: 'issue-state' }, SUBSTATE[i.substate] ?? i.substate),
    i.overdue ? h('span', { class: 'level level-SUPERVISION' }, '逾期') : null,
    i.dueSoon ? h('span', { class: 'level level-WARNING' }, '即将到期') : null,
    i.escalationLevel !== 'NONE'
      ? h('span', { class: `level level-${i.escalationLevel}` }, ESCALATION[i.escalationLevel])
      : null,
    i.duplicateOf ? h('span', { class: 'tag' }, '重复问题') : null,
    i.published ? h('span', { class: 'tag' }, '已公开') : null,
  ];
  const actions = h(
    'div',
    { class: 'actions', id: 'issue-actions' },
    ...i.allowedEvents
      .filter((t) => EVENT_FORMS[t])
      .map((t) =>
        h(
          'button',
          { type: 'button', class: 'btn primary', dataset: { event: t }, onclick: () => openEventForm(i, t) },
          eventLabel(i, t),
        ),
      ),
  );
  const attached = new Set(i.events.flatMap((e) => e.evidence.map((x) => x.id)));
  const loose = i.evidence.filter((e) => !attached.has(e.id));

  const fields = h(
    'dl',
    { class: 'fields' },
    field('编号', i.code),
    field('来源', SOURCE[i.source] ?? i.source, i.batch ? ` · ${i.batch}` : ''),
    field('类别', CATEGORY[i.category] ?? i.category),
    field('地点', i.location ?? '—'),
    field('牵头单位', i.leadUnit?.name ?? '未交办'),
    field('配合单位', i.cooperatingUnits.map((u) => u.name).join('、') || '—'),
    field('整改时限', deadlineText(i)),
    i.originalDueAt && i.originalDueAt !== i.dueAt ? field('原定时限', dateTime(i.originalDueAt)) : [],
    field(
      '整改进度',
      h('span', { class: 'progress' }, h('span', { style: `width:${i.progressPercent}%` })),
      ` ${i.progressPercent}%`,
    ),
    field('登记时间', dateTime(i.filedAt)),
    field('销号时间', i.closedAt ? dateTime(i.closedAt) : '—'),
    field('反弹次数', i.reboundCount),
    i.replyDueAt ? field('答复时限', dateTime(i.replyDueAt)) : [],
    i.finding ? field('核查结论', FINDING[i.finding]) : [],
    i.satisfaction ? field('群众满意度', SATISFACTION[i.satisfaction]) : [],
    i.complainant
      ? field(
          '举报人（仅整改办可见）',
          [i.complainant.name, i.complainant.phone, i.complainant.channel].filter(Boolean).join(' · '),
        )
      : [],
    i.pendingExtension
      ? field(
          '待审批延期',
          `延至 ${dateTime(i.pendingExtension.newDueAt)}（${i.pendingExtension.reason}，${dateTime(i.pendingExtension.requestedAt)} 申请）`,
        )
      : [],
    i.published ? field('公开摘要', i.publicSummary ?? '—') : [],
    i.parent ? field('源问题', unitLink(i.parent)) : [],
    i.children.length
      ? field(
          '举一反三',
          ...i.children.map((c) => h('div', {}, unitLink(c), ` · ${SUBSTATE[c.substate] ?? c.substate}`)),
        )
      : [],
    i.duplicateOf ? field('重复于', unitLink(i.duplicateOf)) : [],
  );

  const timeline = h(
    'ol',
    { class: 'timeline', id: 'timeline' },
    ...i.events.map((e) =>
      h(
        'li',
        { dataset: { seq: e.seq, type: e.type } },
        h('div', { class: 'when' }, dateTime(e.at)),
        h(
          'div',
          { class: 'what' },
          h('strong', {}, EVENT[e.type] ?? e.type),
          ' ',
          h('span', { class: 'muted' }, `${e.actor}${e.unit ? `（${e.unit.name}）` : ''}`),
          e.fromState !== e.toState
            ? h(
                'span',
                { class: 'muted small' },
                ` ${SUBSTATE[e.fromState] ?? e.fromState ?? '—'} → ${SUBSTATE[e.toState] ?? e.toState}`,
              )
            : null,
        ),
        e.comment ? h('div', { class: 'comment' }, e.comment) : null,
        e.evidence.length ? h('div', { class: 'evidence' }, ...e.evidence.map(evidenceItem)) : null,
      ),
    ),
  );

  $('issue-view').replaceChildren(
    backLink(),
    h(
      'div',
      { class: 'issue-head' },
      h('h2', { id: 'issue-title' }, h('span', { class: 'mono' }, i.code), ' ', i.title),
      h('div', { class: 'badges' }, ...badges),
    ),
    actions,
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        {},
        h('h3', {}, '基本情况'),
        fields,
        h('h3', {}, '问题描述'),
        h('p', { class: 'description' }, i.description),
      ),
      h('div', {}, h('h3', {}, '办理过程'), timeline),
    ),
    ...(loose.length
      ? [
          h(
            'div',
            {},
            h('h3', {}, '已上传、尚未关联的佐证'),
            h('div', { class: 'evidence' }, ...loose.map(evidenceItem)),
          ),
        ]
      : []),
  );
  $('issue-view').dataset.version = String(i.version);
}

// ---------------------------------------------------------------- event forms: one per event allowedEvents may list

const select = (name, label, options, extra = {}) => ({ name, label, type: 'select', options, ...extra });
const text = (name, label, extra = {}) => ({ name, label, type: 'textarea', ...extra });
const day = (name, label, extra = {}) => ({ name, label, type: 'date', ...extra });
const enumOptions = (labels) => Object.entries(labels);
const files = () => ({ name: 'files', label: '整改佐证（照片或PDF，可多选）', type: 'file' });
const nonEmpty = (v) => (v === '' || v === undefined ? null : v);

async function unitOptions() {
  state.units ??= (await api(UNITS)).units;
  return state.units.map((u) => [u.id, u.name]);
}

const assignForm = (mutation) => ({
  fields: async (i) => [
    select('leadUnitId', '牵头单位', await unitOptions(), { required: true, value: i.leadUnit?.id }),
    {
      name: 'cooperatingUnitIds',
      label: '配合单位（可多选）',
      type: 'multi',
      options: await unitOptions(),
      value: i.cooperatingUnits.map((u) => u.id),
    },
    select('deadlineKind', '时限类型', enumOptions(DEADLINE_KIND), { required: true, value: i.deadlineKind ?? 'DATE' }),
    day('dueAt', '整改时限（限期整改必填）', { min: addDays(shanghaiDay(), 1) }),
    text('comment', '交办意见'),
  ],
  check: (v) =>
    v.deadlineKind === 'DATE' && !v.dueAt
      ? '限期整改须填写整改时限'
      : v.cooperatingUnitIds.includes(v.leadUnitId)
        ? '配合单位不能与牵头单位相同'
        : null,
  mutation: `mutation($input: AssignInput!) { ${mutation}(input: $input) { id } }`,
  variables: (i, v) => ({
    input: {
      issueId: i.id,
      expectedVersion: i.version,
      leadUnitId: v.leadUnitId,
      cooperatingUnitIds: v.cooperatingUnitIds,
      deadlineKind: v.deadlineKind,
      dueAt: v.deadlineKind === 'DATE' ? endOfDay(v.dueAt) : null,
      comment: nonEmpty(v.comment),
    },
  }),
});

const complaint = (i) => i.source === 'PUBLIC_COMPLAINT';
const BOOL = (yes, no) => [
  ['true', yes],
  ['false', no],
];

/** Each event: its fields (asked in a form), a check before sending, the mutation and its variables. */
const EVENT_FORMS = {
  assign: assignForm('assignIssue'),
  reassign: assignForm('reassignIssue'),
  accept: {
    fields: () => [text('comment', '签收意见', { value: '已签收，抓紧整改' })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String) { acceptIssue(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, comment: nonEmpty(v.comment) }),
  },
  return: {
    fields: () => [text('reason', '退回理由', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $reason: String!) { returnIssue(issueId: $issueId, expectedVersion: $expectedVersion, reason: $reason) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, reason: v.reason }),
  },
  reportProgress: {
    fields: (i) => [
      {
        name: 'progressPercent',
        label: '完成进度（%）',
        type: 'number',
        min: 0,
        max: 100,
        required: true,
        value: i.progressPercent,
      },
      text('comment', '进展情况', { required: true }),
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $progressPercent: Int!, $comment: String!, $evidenceIds: [ID!]) { reportProgress(issueId: $issueId, expectedVersion: $expectedVersion, progressPercent: $progressPercent, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      progressPercent: Number(v.progressPercent),
      comment: v.comment,
      evidenceIds: v.evidenceIds,
    }),
  },
  requestExtension: {
    fields: (i) => [
      day('newDueAt', '申请延至', { required: true, min: i.dueAt ? addDays(date(i.dueAt), 1) : undefined }),
      text('reason', '延期理由', { required: true }),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $newDueAt: DateTime!, $reason: String!) { requestExtension(issueId: $issueId, expectedVersion: $expectedVersion, newDueAt: $newDueAt, reason: $reason) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      newDueAt: endOfDay(v.newDueAt),
      reason: v.reason,
    }),
  },
  decideExtension: {
    fields: (i) => [
      {
        name: 'info',
        type: 'info',
        text: i.pendingExtension
          ? `申请延至 ${dateTime(i.pendingExtension.newDueAt)}：${i.pendingExtension.reason}`
          : '',
      },
      select('approve', '审批结果', BOOL('同意延期', '不同意'), { required: true }),
      text('comment', '审批意见'),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $approve: Boolean!, $comment: String) { decideExtension(issueId: $issueId, expectedVersion: $expectedVersion, approve: $approve, comment: $comment) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      approve: v.approve === 'true',
      comment: nonEmpty(v.comment),
    }),
  },
  submit: {
    fields: (i) => [
      text('summary', '整改情况', { required: true }),
      complaint(i) ? select('finding', '核查结论', [['', '—'], ...enumOptions(FINDING)]) : null,
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $summary: String!, $finding: ComplaintFinding, $evidenceIds: [ID!]) { submitRectification(issueId: $issueId, expectedVersion: $expectedVersion, summary: $summary, finding: $finding, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      summary: v.summary,
      finding: nonEmpty(v.finding),
      evidenceIds: v.evidenceIds,
    }),
  },
  verify: {
    fields: () => [
      select('passed', '验收结论', BOOL('验收通过', '验收不通过'), { required: true }),
      text('comment', '验收意见（不通过时必填）'),
      files(),
    ],
    check: (v) => (v.passed === 'false' && !v.comment ? '验收不通过须填写意见' : null),
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $passed: Boolean!, $comment: String, $evidenceIds: [ID!]) { verifyIssue(issueId: $issueId, expectedVersion: $expectedVersion, passed: $passed, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      passed: v.passed === 'true',
      comment: nonEmpty(v.comment),
      evidenceIds: v.evidenceIds,
    }),
  },
  close: {
    fields: (i) => [
      text('comment', '销号意见', { value: '同意销号' }),
      complaint(i) ? select('satisfaction', '群众满意度', [['', '—'], ...enumOptions(SATISFACTION)]) : null,
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String, $satisfaction: Satisfaction) { closeIssue(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment, satisfaction: $satisfaction) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      comment: nonEmpty(v.comment),
      satisfaction: nonEmpty(v.satisfaction),
    }),
  },
  revisit: {
    fields: () => [
      select('rebounded', '回头看结论', BOOL('发现反弹', '未发现反弹'), { required: true, value: 'false' }),
      text('comment', '回头看意见（反弹时必填）'),
      day('newDueAt', '新整改时限（反弹时必填）', { min: addDays(shanghaiDay(), 1) }),
    ],
    check: (v) => (v.rebounded === 'true' && (!v.comment || !v.newDueAt) ? '发现反弹须填写意见和新的整改时限' : null),
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $rebounded: Boolean!, $comment: String, $newDueAt: DateTime) { revisitIssue(issueId: $issueId, expectedVersion: $expectedVersion, rebounded: $rebounded, comment: $comment, newDueAt: $newDueAt) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      rebounded: v.rebounded === 'true',
      comment: nonEmpty(v.comment),
      newDueAt: v.rebounded === 'true' && v.newDueAt ? endOfDay(v.newDueAt) : null,
    }),
  },
  publish: {
    fields: (i) => [
      select('published', '信息公开', BOOL('公开', '不公开'), { required: true, value: String(!i.published) }),
      text('publicSummary', '公开摘要（公众看到的文字，不含举报人信息）', { value: i.publicSummary ?? '' }),
    ],
    mutation: `mutation($issueId: ID!, $published: Boolean!, $publicSummary: String) { publishIssue(issueId: $issueId, published: $published, publicSummary: $publicSummary) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      published: v.published === 'true',
      publicSummary: nonEmpty(v.publicSummary),
    }),
  },
  markDuplicate: {
    fields: () => [{ name: 'ofCode', label: '原问题编号', type: 'text', required: true }, text('comment', '说明')],
    // The form asks for the code people read; the mutation needs the id.
    prepare: async (v) => {
      const { issueByCode } = await api(`query($code: String!) { issueByCode(code: $code) { id } }`, {
        code: v.ofCode.trim(),
      });
      if (!issueByCode) throw new Error(`未找到编号为 ${v.ofCode} 的问题`);
      return { ...v, ofId: issueByCode.id };
    },
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $ofId: ID!, $comment: String) { markDuplicate(issueId: $issueId, expectedVersion: $expectedVersion, ofId: $ofId, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, ofId: v.ofId, comment: nonEmpty(v.comment) }),
  },
};

function eventLabel(i, type) {
  if (type === 'publish') return i.published ? '取消公开 / 修改摘要' : '信息公开';
  return EVENT[type] ?? type;
}

function fieldInput(f) {
  if (f.type === 'info') return h('p', { class: 'muted' }, f.text);
  let input;
  if (f.type === 'select' || f.type === 'multi') {
    const chosen = new Set([f.value ?? []].flat().map(String));
    input = h(
      'select',
      { name: f.name, required: f.required, multiple: f.type === 'multi', size: f.type === 'multi' ? 6 : null },
      ...f.options.map(([value, label]) => h('option', { value, selected: chosen.has(String(value)) }, label)),
    );
  } else if (f.type === 'file') {
    input = h('input', {
      name: f.name,
      type: 'file',
      multiple: true,
      accept: 'image/jpeg,image/png,image/webp,application/pdf',
    });
  } else if (f.type === 'textarea') {
    input = h('textarea', { name: f.name, required: f.required, rows: 3 });
    input.value = f.value ?? '';
  } else {
    input = h('input', { name: f.name, type: f.type, required: f.required, min: f.min, max: f.max });
    if (f.value !== undefined && f.value !== null) input.value = String(f.value);
  }
  return h('label', { class: 'field' }, h('span', {}, f.label, f.required ? h('em', {}, ' *') : null), input);
}

async function openEventForm(issue, type) {
  const form = EVENT_FORMS[type];
  let fields;
  try {
    fields = (await form.fields(issue)).filter(Boolean);
  } catch (e) {
    toast(errorText(e));
    return;
  }
  $('modal-title').textContent = `${eventLabel(issue, type)} · ${issue.code}`;
  $('modal-fields').replaceChildren(...fields.map(fieldInput));
  $('modal-error').textContent = '';
  $('modal').hidden = false;
  $('modal').dataset.event = type;
  $('modal-submit').disabled = false;
  $('modal-fields').querySelector('input, select, textarea')?.focus();
  $('modal-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const formEl = $('modal-form');
    let values = {};
    for (const f of fields) {
      if (f.type === 'info') continue;
      const el = formEl.elements.namedItem(f.name);
      values[f.name] =
        f.type === 'multi'
          ? [...el.selectedOptions].map((o) => o.value)
          : f.type === 'file'
            ? [...el.files]
            : el.value.trim();
    }
    const problem = form.check?.(values);
    if (problem) {
      $('modal-error').textContent = problem;
      return;
    }
    $('modal-submit').disabled = true;
    try {
      if (form.prepare) values = await form.prepare(values);
      if (values.files?.length) values.evidenceIds = await uploadEvidence(issue.id, values.files);
      await api(form.mutation, form.variables(issue, values));
      closeModal();
      toast(`${eventLabel(issue, type)}：已完成`);
      await showIssue(issue.id);
    } catch (e) {
      $('modal-error').textContent = e instanceof ApiError ? errorText(e) : e.message;
      $('modal-submit').disabled = false;
    }
  };
}

/** POST /issues/:id/evidence, one file at a time; the event then names them in evidenceIds, in its own transaction. */
async function uploadEvidence(issueId, list) {
  const ids = [];
  for (const file of list) {
    const body = new FormData();
    body.append('file', file);
    const res = await fetch(`/issues/${encodeURIComponent(issueId)}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${state.token}` },
      body,
    });
    if (res.status !== 201) {
      const error = await restError(res);
      const why =
        error.code === 'PAYLOAD_TOO_LARGE'
          ? '文件过大'
          : error.extensions.fields?.includes('file')
            ? '仅支持 JPEG、PNG、WebP 或 PDF'
            : errorText(error);
      throw new Error(`佐证“${file.name}”上传失败：${why}`);
    }
    ids.push((await res.json()).id);
  }
  return ids;
}

function closeModal() {
  $('modal').hidden = true;
  $('modal-form').onsubmit = null;
}

let toastTimer = null;
function toast(message) {
  $('toast').textContent = message;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => ($('toast').hidden = true), 4000);
}

// ---------------------------------------------------------------- start

async function start() {
  setupFilters();
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    $('login-error').textContent = '';
    try {
      await signIn(token);
      $('token').value = '';
      if (params.get('screen') === '1') setScreen(true);
      await route();
    } catch (err) {
      $('login-error').textContent =
        err instanceof ApiError && err.code === 'UNAUTHENTICATED' ? '令牌无效，请检查后重试' : errorText(err);
    }
  });
  $('logout-btn').addEventListener('click', () => signOut());
  $('screen-btn').addEventListener('click', () => setScreen(!state.screen));
  $('modal-cancel').addEventListener('click', closeModal);
  $('lightbox').addEventListener('click', () => ($('lightbox').hidden = true));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      closeModal();
      $('lightbox').hidden = true;
    }
  });
  window.addEventListener('hashchange', () => void route());

  if (state.token) {
    try {
      await signIn(state.token);
    } catch (e) {
      signOut(e instanceof ApiError && e.code === 'UNAUTHENTICATED' ? '登录已失效，请重新登录' : errorText(e));
      return;
    }
  }
  if (state.me && params.get('screen') === '1') setScreen(true);
  await route();
}

void start();
