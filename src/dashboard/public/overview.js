// 总览 and the big screen: the week's KPIs, the ranking, the 12-week trend, the overdue list, the eco-report table and
// the scores, with the filters, the export and the big-screen mode.
import {
  addDays,
  CLOSURE_STAGE,
  dateTime,
  ECO_ATTRIBUTE,
  ECO_CATEGORY,
  ECO_STATUS,
  errorText,
  ESCALATION,
  escalationText,
  ESCALATION_RANK,
  h,
  mondayOf,
  pct,
  pct1,
  quarterOf,
  restError,
  shanghaiDay,
  SOURCE,
} from './common.js';
import { bigScreenRefreshed, SCREEN_THEME, startBigScreen, stopBigScreen } from './big-screen.js';
import { ACCOUNTABILITY_KIND, ORDER_STATUS } from './labels.js';
import { openFileIssueForm } from './file-issue-form.js';
import { drillable, unitHref } from './list-page.js';
import { loadMap } from './map.js';
import { setPrintTitle } from './print-view.js';
import { $, api, authHeaders, params, state, toast } from './session.js';

const echarts = window.echarts;
const REFRESH_MS = Math.max(5, Number(params.get('refresh')) || 60) * 1000;

const STAGES = 'stages { stage waiting completed medianDays }';
const WEEKLY = `query Weekly($weekOf: Date!, $sources: [IssueSource!]) {
  weeklyReport(weekOf: $weekOf, sources: $sources) {
    asOf periodStart rankedUnits
    rows { rank lagging unit { id name } total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod ${STAGES} }
    total { total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod ${STAGES} }
  }
}`;

const OVERDUE = `query Overdue($after: String, $filter: IssueFilter) {
  issues(first: 200, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code title dueAt dueDay daysOverdue escalationLevel substate source leadUnit { id name } } }
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

// One request for both panels below the road: 督办问责 and 群众举报 by round.
const DESK = `query Desk($sources: [IssueSource!], $from: Date) {
  supervisionOrders(first: 20) { id number level status replyDueDay replyOverdue automatic unit { name } issues { id code } }
  leaderInstructions(acknowledged: false, first: 10) { id text issuedAt issuedBy unit { name } issues { id code } }
  accountabilityRecords(from: $from, first: 10) { id decidedOn kind documentNumber unit { name } }
  complaintReport(sources: $sources) {
    rounds { source batch complaints { received closed inProgress assignmentRate onTimeReplyRate satisfactionRate }
      enforcement { ordersToCorrect casesOpened fineYuan } }
    total { complaints { received closed inProgress assignmentRate onTimeReplyRate satisfactionRate }
      enforcement { ordersToCorrect casesOpened fineYuan } }
  }
}`;

const SCORES = `query Scores($period: String!) {
  unitScores(period: $period) { rank rankedUnits unit { id name } score listScore tableScore problems closed closureRate
    onTimeRate overdue rebounds judgedIndicators onTrackIndicators accountabilityDeduction }
  ecoSettings { listWeight tableWeight closureRateWeight onTimeRateWeight overduePenalty reboundPenalty }
}`;

// ---------------------------------------------------------------- charts

function chart(id) {
  const el = $(id);
  return echarts.getInstanceByDom(el) ?? echarts.init(el, state.screen ? SCREEN_THEME : null, { renderer: 'canvas' });
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

export async function loadDashboard() {
  const monday = mondayOf(state.week);
  $('week').value = state.week;
  $('week-range').textContent =
    `${monday.slice(5).replace('-', '月')}日 至 ${addDays(monday, 6).slice(5).replace('-', '月')}日`;
  $('screen-title').textContent = `生态环保督察整改 挂图作战 · ${monday} 当周`;
  $('file-issue-open').hidden = state.me.role !== 'OFFICE';
  setPrintTitle(
    monday,
    [...state.sources].map((s) => SOURCE[s] ?? s),
  );
  await Promise.allSettled([loadWeekly(), loadTrend(), loadOverdue(), loadEco(), loadDesk(), loadMap()]);
  if (state.screen) bigScreenRefreshed();
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
    renderStages(weeklyReport);
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

/** 销号流程: per unit, how many wait at each stage now, and the median days the stages left this week took. */
function renderStages(report) {
  const cell = (s) =>
    h(
      'td',
      { class: 'num', dataset: { stage: s.stage } },
      String(s.waiting),
      s.medianDays === null ? '' : h('span', { class: 'muted small' }, ` / ${s.medianDays.toFixed(1)}天`),
    );
  const busy = report.rows
    .filter((r) => r.stages.some((s) => s.waiting > 0 || s.completed > 0))
    .sort((a, b) => sumWaiting(b) - sumWaiting(a) || a.unit.name.localeCompare(b.unit.name, 'zh'));
  $('stage-table')
    .querySelector('thead')
    .replaceChildren(
      h(
        'tr',
        {},
        h('th', {}, '单位'),
        ...report.total.stages.map((s) => h('th', { class: 'num' }, CLOSURE_STAGE[s.stage])),
      ),
    );
  $('stage-table')
    .querySelector('tbody')
    .replaceChildren(
      h(
        'tr',
        { class: 'total' },
        h('th', {}, state.me.role === 'UNIT' ? '全区' : '全区合计'),
        ...report.total.stages.map(cell),
      ),
      ...busy.map((r) => h('tr', { dataset: { unit: r.unit.id } }, h('th', {}, r.unit.name), ...r.stages.map(cell))),
    );
}

const sumWaiting = (row) => row.stages.reduce((n, s) => n + s.waiting, 0);

async function loadDesk() {
  $('supervision-error').textContent = '';
  $('rounds-error').textContent = '';
  try {
    const data = await api(DESK, { sources: sourcesVar(), from: `${shanghaiDay().slice(0, 7)}-01` });
    renderSupervision(data);
    renderRounds(data.complaintReport);
  } catch (e) {
    $('supervision-error').textContent = `督办问责加载失败：${errorText(e)}`;
    $('rounds-error').textContent = `群众举报办理情况加载失败：${errorText(e)}`;
  }
}

/** 督办问责: the orders not yet closed (overdue replies marked), instructions to sign, this month's accountability. */
function renderSupervision(data) {
  const links = (issues) => issues.map((x) => h('a', { href: `#/issue/${encodeURIComponent(x.id)}` }, x.code, ' '));
  const open = data.supervisionOrders.filter((o) => o.status !== 'CLOSED');
  $('orders-table')
    .querySelector('tbody')
    .replaceChildren(
      ...(open.length
        ? open.map((o) =>
            h(
              'tr',
              { dataset: { status: o.status, overdue: String(o.replyOverdue) } },
              h('td', { class: 'mono' }, o.number),
              h('td', {}, `${ESCALATION[o.level]}${o.automatic ? '（自动）' : ''}`),
              h('td', {}, o.unit.name),
              h('td', {}, ORDER_STATUS[o.status]),
              h('td', { class: o.replyOverdue ? 'error' : '' }, o.replyDueDay, o.replyOverdue ? ' 已逾期' : ''),
              h('td', {}, ...links(o.issues)),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, '无在办督办单'))]),
    );
  $('instructions-list').replaceChildren(
    h('li', { class: 'muted small' }, `待签收的领导批示（${data.leaderInstructions.length}）`),
    ...data.leaderInstructions.map((n) =>
      h('li', {}, `${dateTime(n.issuedAt).slice(0, 10)} ${n.issuedBy}：${n.text}`, ' ', ...links(n.issues)),
    ),
  );
  $('accountability-list').replaceChildren(
    h('li', { class: 'muted small' }, `本月追责问责（${data.accountabilityRecords.length}）`),
    ...data.accountabilityRecords.map((r) =>
      h(
        'li',
        { dataset: { kind: r.kind } },
        `${r.decidedOn} ${ACCOUNTABILITY_KIND[r.kind]} ${r.unit.name} ${r.documentNumber}`,
      ),
    ),
  );
}

/** 群众举报 by round: the rounds with complaints or enforcement, then the total (a unit: the problems it leads). */
function renderRounds(report) {
  const line = (r, cls) => {
    const c = r.complaints;
    const e = r.enforcement;
    return h(
      'tr',
      { class: cls },
      h('td', {}, r.source ? (SOURCE[r.source] ?? r.source) : '合计'),
      h('td', {}, r.source ? (r.batch ?? '（未注明批次）') : ''),
      ...[c.received, c.closed, c.inProgress].map((n) => h('td', { class: 'num' }, String(n))),
      ...[c.assignmentRate, c.onTimeReplyRate, c.satisfactionRate].map((x) => h('td', { class: 'num' }, pct(x))),
      ...[e.ordersToCorrect, e.casesOpened, e.fineYuan].map((n) => h('td', { class: 'num' }, String(n))),
    );
  };
  const shown = report.rounds.filter((r) => r.complaints.received > 0 || r.enforcement.ordersToCorrect > 0);
  $('rounds-table')
    .querySelector('tbody')
    .replaceChildren(...shown.map((r) => line(r)), line(report.total, 'total'));
}

function renderRanking(report) {
  const rows = [...report.rows].sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'zh'));
  // 后进, as the service names them (and the bulletin marks them).
  const bottom = new Set(rows.filter((r) => r.lagging).map((r) => r.unit.name));
  const own = state.me.role === 'UNIT';
  $('rank-title').textContent = own ? '本单位销号率 / 按时率（对比全区）' : '各单位销号率 / 按时率排名';
  // A unit sees its own row only, and its place among every unit the week ranks.
  const place = own && rows[0] ? `本周第 ${rows[0].rank} 名（共 ${report.rankedUnits} 个单位）` : '';
  $('rank-place').textContent = place;
  $('rank-place').hidden = !place;
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
          // (sized as the axis is: measured at the default 12 px, the wall's 18 px label would be cut at the left)
          rich: { bottom: { color: RED, fontWeight: 'bold', fontSize: state.screen ? 18 : 12 } },
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
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: state.screen ? 18 : 11 },
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
  // A unit's bar opens the list of what it is a rate of (the problems the unit leads).
  c.off('click');
  c.on('click', (p) => {
    const unit = rows[p.dataIndex]?.unit;
    if (unit && drillable()) location.hash = unitHref(unit.id);
  });
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
              fontSize: state.screen ? 18 : 10,
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
    state.overdue = rows.map((r) => ({ ...r, days: r.daysOverdue, unit: r.leadUnit?.name ?? '' }));
    // A unit's list holds what it cooperates on too; its 逾期 card counts what it leads: the note says both.
    const led = state.me.role === 'UNIT' ? rows.filter((r) => r.leadUnit?.id === state.me.unit?.id).length : null;
    const split = led !== null && led !== rows.length ? `，本单位牵头 ${led} 件、配合 ${rows.length - led} 件` : '';
    $('overdue-note').textContent = `当前共 ${rows.length} 件${split}（截至 ${dateTime(new Date(now).toISOString())}）`;
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
            h('td', { class: 'nowrap' }, r.dueDay),
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
    renderScores(scores.value.unitScores, scores.value.ecoSettings, quarter);
  } else {
    echarts.getInstanceByDom($('score-chart'))?.clear();
    $('score-note').textContent = `综合得分暂不可用：${errorText(scores.reason)}`;
  }
}

/** '2026-Q3' as people say it, with its days: 2026年第三季度（7月1日—9月30日）. */
function quarterText(period) {
  const [y, q] = period.split('-Q').map(Number);
  const first = (q - 1) * 3 + 1;
  const last = new Date(Date.UTC(y, first + 2, 0)).getUTCDate();
  return `${y}年第${'一二三四'[q - 1]}季度（${first}月1日—${first + 2}月${last}日）`;
}

function renderScores(list, weights, period) {
  const scored = list
    .filter((s) => s.score !== null)
    .sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'zh'));
  const unscored = list.length - scored.length;
  const own = state.me.role === 'UNIT';
  $('score-period').textContent = `（${quarterText(period)}）`;
  const pctW = (w, of) => `${Math.round((w / of) * 100)}%`;
  const listW = weights.listWeight + weights.tableWeight;
  const rateW = weights.closureRateWeight + weights.onTimeRateWeight;
  // The score says how it is made: the parts and their weights, as the office set them (ecoSettings).
  $('score-note').textContent =
    `综合得分 = 问题清单 ${pctW(weights.listWeight, listW)} + 生态报表 ${pctW(weights.tableWeight, listW)} − 问责扣分；` +
    `问题清单 = 销号率 ${pctW(weights.closureRateWeight, rateW)} + 按时率 ${pctW(weights.onTimeRateWeight, rateW)}` +
    `，每个逾期问题扣 ${weights.overduePenalty} 分、每次反弹扣 ${weights.reboundPenalty} 分；` +
    `本期无问题或无已评指标的一项不计入。` +
    (own
      ? scored[0]
        ? `本单位第 ${scored[0].rank} 名（共 ${scored[0].rankedUnits} 个单位有得分）。`
        : '本单位本期暂无得分。'
      : unscored
        ? `${unscored} 个单位本期既无问题也无已评指标，暂无得分。`
        : '');
  renderScoreTable(scored);
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
          label: { show: true, position: 'right', fontSize: state.screen ? 18 : 11 },
        },
      ],
    },
    true,
  );
}

/** The scores' parts, unit by unit: what each number is made of, and which part does not apply this period. */
function renderScoreTable(scored) {
  const fmt = (v) => v.toFixed(1);
  const part = (value, none, detail) =>
    value === null
      ? h('td', { class: 'muted' }, none)
      : h('td', { class: 'num' }, fmt(value), h('div', { class: 'muted small' }, detail));
  $('score-table')
    .querySelector('tbody')
    .replaceChildren(
      ...scored.map((s) =>
        h(
          'tr',
          { dataset: { unit: s.unit.name } },
          h('td', { class: 'num' }, String(s.rank)),
          h('td', {}, s.unit.name),
          h('td', { class: 'num strong' }, fmt(s.score)),
          part(
            s.listScore,
            '本期无问题',
            `${s.problems} 个问题，销号率 ${pct(s.closureRate)}，按时率 ${pct(s.onTimeRate)}` +
              (s.overdue ? `，逾期 ${s.overdue}` : '') +
              (s.rebounds ? `，反弹 ${s.rebounds}` : ''),
          ),
          part(s.tableScore, '无已评指标', `${s.onTrackIndicators} / ${s.judgedIndicators} 项达标`),
          h('td', { class: 'num' }, s.accountabilityDeduction ? `−${fmt(s.accountabilityDeduction)}` : '—'),
        ),
      ),
    );
}

// ---------------------------------------------------------------- filters, export, big screen

export function setupFilters() {
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
  $('file-issue-open').addEventListener('click', () => openFileIssueForm());
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
    const res = await fetch(`/reports/weekly.xlsx?${q}`, { headers: authHeaders() });
    if (!res.ok) throw new Error(errorText(await restError(res)));
    const url = URL.createObjectURL(await res.blob());
    // The service names the file for the week and the filter (filename*, RFC 6266).
    const named = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '');
    h('a', {
      href: url,
      download: named ? decodeURIComponent(named[1]) : `周通报-${mondayOf(state.week)}.xlsx`,
    }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    toast(`导出失败：${e.message}`);
  }
}

export function setScreen(on) {
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
    startBigScreen();
  } else {
    stopBigScreen();
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }
  // The charts take the dark theme on the big screen: build them again.
  disposeCharts();
  if (on && location.hash.startsWith('#/issue/')) location.hash = '#/';
  else if (state.me && !$('dashboard').hidden) void loadDashboard();
}

document.addEventListener('fullscreenchange', () => {
  // Esc leaves the big screen a desk entered; a wall (?screen=1, a screen token) stays one.
  if (!document.fullscreenElement && state.screen && params.get('screen') !== '1' && !state.me?.screen)
    setScreen(false);
});
