// 问题清单: every problem the caller may see, a page at a time, with search, filters, order and the count. The filters
// live in the hash (#/list?overdue=1&source=…), so a link, a refresh or the back button keeps them. The overview's KPI
// cards and ranking bars open it filtered to what they count.
import { errorText, ESCALATION, escalationText, h, mondayOf, shanghaiDay, SOURCE, SUBSTATE } from './common.js';
import { openFileIssueForm } from './file-issue-form.js';
import { setupImport } from './import-panel.js';
import { $, api, readerKey, state, toast } from './session.js';

const PAGE = 20;

const LIST = `query List($first: Int, $last: Int, $after: String, $before: String, $filter: IssueFilter, $orderBy: IssueOrder) {
  issues(first: $first, last: $last, after: $after, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id code title source batch substate dueDay daysOverdue overdue escalationLevel leadUnit { name } } }
  }
}`;
const UNITS = `query { units { id name } }`;
const ROUNDS = `query { complaintReport { rounds { batch } } }`;

const STATES = ['FILED', 'ASSIGNED', 'RECTIFYING', 'VERIFIED', 'CLOSED', 'REVISITED'];
/** The sub-states that say more than their state (SUBSTATE also holds the states' own labels). */
const SUBSTATES = Object.keys(SUBSTATE).filter((s) => s.includes('.'));
const LEVELS = Object.keys(ESCALATION).filter((l) => l !== 'NONE');
const UNIT_ROLES = { LEAD: '牵头', COOPERATING: '配合', SUPERVISING: '主管部门' };
/** The API's orders (IssueOrder), as a select offers them. */
const ORDERS = {
  'filed-desc': ['FILED_AT', 'DESC', '登记时间 新→旧'],
  'filed-asc': ['FILED_AT', 'ASC', '登记时间 旧→新'],
  'due-asc': ['DUE_AT', 'ASC', '整改时限 近→远'],
  'due-desc': ['DUE_AT', 'DESC', '整改时限 远→近'],
  'updated-desc': ['UPDATED_AT', 'DESC', '最近更新'],
};
/** What a filter change starts again from: the first page. */
const PAGING = ['after', 'before', 'page'];

/** The hash's parameters: #/list?a=1 → URLSearchParams { a: 1 }. */
export function listParams(hash = location.hash) {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** #/list with these parameters (empty ones left out). */
export function listHref(values) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const q = p.toString();
  return q ? `#/list?${q}` : '#/list';
}

/** A comma list from the hash, only of the values `known` holds (a hand-edited link cannot send a bad enum). */
const listOf = (p, key, known) => (p.get(key) ?? '').split(',').filter((v) => known.includes(v));

/** The API's IssueFilter for the hash's parameters. */
export function filterOf(p) {
  const f = {};
  if (p.get('q')?.trim()) f.search = p.get('q').trim();
  if (p.get('batch')) f.batch = p.get('batch');
  const sources = listOf(p, 'source', Object.keys(SOURCE));
  if (sources.length) f.sources = sources;
  const states = listOf(p, 'state', STATES);
  if (states.length) f.states = states;
  const substates = listOf(p, 'substate', SUBSTATES);
  if (substates.length) f.substates = substates;
  if (p.get('unit')) f.unitId = p.get('unit');
  const [role] = listOf(p, 'role', Object.keys(UNIT_ROLES));
  if (role) f.unitRole = role;
  if (p.get('overdue') === '1') f.overdue = true;
  if (p.get('dueSoon') === '1') f.dueSoon = true;
  const levels = listOf(p, 'level', LEVELS);
  if (levels.length) f.escalationLevels = levels;
  if (p.get('mine') === '1') f.awaitingMe = true;
  return f;
}

// ---------------------------------------------------------------- drill-down from the overview

/**
 * The list each KPI card counts, as weeklyReport defines it (README "The figures, in one page"): a unit's card is its
 * own row, the problems it leads (role=LEAD). The rates and the week's 新增 / 销号 / 反弹 have no list filter
 * (IssueFilter has no filing or closing period, nor rebounds): those cards open nothing. The figures leave duplicates
 * (标记重复) out; the list has no filter for them, so a district with duplicates lists a few more than the card.
 */
const KPI_FILTERS = {
  total: {},
  closed: { state: 'CLOSED,REVISITED' },
  open: { state: 'FILED,ASSIGNED,RECTIFYING,VERIFIED' },
  overdue: { overdue: 1 },
  dueSoon: { dueSoon: 1 },
};

function drillBase() {
  return {
    source: [...state.sources].join(','),
    ...(state.me?.role === 'UNIT' ? { role: 'LEAD' } : {}),
  };
}

export function kpiHref(key) {
  const f = KPI_FILTERS[key];
  return f ? listHref({ ...drillBase(), ...f }) : null;
}

/** A unit's bar on the ranking: the problems it leads, what its 销号率 and 按时率 are rates of. */
export function unitHref(unitId) {
  return listHref({ ...drillBase(), unit: unitId, role: 'LEAD' });
}

/**
 * The list is now; the figures of a past week are as of its end: a drill-down from a past week would list a different
 * set, so it says so instead. The big screen is for looking, not clicking.
 */
export function drillable() {
  if (state.screen) return false;
  if (mondayOf(state.week) === mondayOf(shanghaiDay())) return true;
  toast('清单显示的是当前情况：请切换到本周后再点击数字查看清单');
  return false;
}

/** The KPI cards open their list (one listener on the container: the overview redraws the cards on each load). */
export function setupDrillDown() {
  const open = (e) => {
    const card = e.target.closest('.kpi[data-kpi]');
    const href = card && kpiHref(card.dataset.kpi);
    if (href && drillable()) location.hash = href;
  };
  $('kpis').addEventListener('click', open);
  $('kpis').addEventListener('keydown', (e) => e.key === 'Enter' && open(e));
  new MutationObserver(() => {
    for (const card of $('kpis').querySelectorAll('.kpi[data-kpi]')) {
      if (!KPI_FILTERS[card.dataset.kpi] || card.classList.contains('drill')) continue;
      card.classList.add('drill');
      card.tabIndex = 0;
      card.setAttribute('role', 'link');
      card.title = '查看清单';
    }
  }).observe($('kpis'), { childList: true });
}

// ---------------------------------------------------------------- the page

let built = false;
/** The units and batches, read once per token (a filter change reads only the list). */
let choices = { token: null, units: null, rounds: null };

function build() {
  const view = $('list-view');
  const option = (value, label) => h('option', { value }, label);
  const select = (id, label, all, options) =>
    h(
      'label',
      { class: 'lf' },
      h('span', {}, label),
      h('select', { id, name: id }, option('', all), ...options.map(([v, l]) => option(v, l))),
    );
  const check = (id, label) => h('label', { class: 'check' }, h('input', { type: 'checkbox', id, name: id }), label);
  const form = h(
    'form',
    { class: 'list-filters', id: 'list-filters', role: 'search' },
    h(
      'div',
      { class: 'lf-search' },
      h('input', { type: 'search', id: 'lf-q', placeholder: '编号、问题或描述', 'aria-label': '搜索' }),
      h('button', { type: 'submit', class: 'btn primary' }, '搜索'),
    ),
    h(
      'details',
      { class: 'lf-more', id: 'lf-more' },
      h('summary', {}, '筛选与排序'),
      h(
        'label',
        { class: 'lf' },
        h('span', {}, '批次'),
        h('input', { id: 'lf-batch', list: 'lf-batches', placeholder: '全部批次', autocomplete: 'off' }),
        h('datalist', { id: 'lf-batches' }),
      ),
      select('lf-source', '来源', '全部来源', Object.entries(SOURCE)),
      select(
        'lf-state',
        '状态',
        '全部状态',
        STATES.map((s) => [s, SUBSTATE[s]]),
      ),
      select(
        'lf-substate',
        '环节',
        '全部环节',
        SUBSTATES.map((s) => [s, SUBSTATE[s]]),
      ),
      select('lf-unit', '单位', '全部单位', []),
      select('lf-role', '承办', '牵头、配合与主管', Object.entries(UNIT_ROLES)),
      select(
        'lf-level',
        '督办',
        '全部督办级别',
        LEVELS.map((l) => [l, ESCALATION[l]]),
      ),
      select(
        'lf-sort',
        '排序',
        ORDERS['filed-desc'][2],
        Object.entries(ORDERS)
          .filter(([k]) => k !== 'filed-desc')
          .map(([k, o]) => [k, o[2]]),
      ),
      h(
        'div',
        { class: 'lf-checks' },
        check('lf-overdue', '逾期'),
        check('lf-dueSoon', '即将到期'),
        check('lf-mine', '待我办理'),
      ),
      h('button', { type: 'button', class: 'btn small', id: 'lf-clear' }, '清除条件'),
    ),
  );
  const toolbar = h(
    'div',
    { class: 'list-toolbar' },
    h('h2', {}, '问题清单 ', h('span', { class: 'muted small', id: 'list-count', 'aria-live': 'polite' })),
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'btn primary', id: 'file-issue-btn', hidden: true }, '登记问题'),
    h('button', { type: 'button', class: 'btn', id: 'import-btn', hidden: true }, '导入交办清单'),
  );
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← 返回总览')),
    toolbar,
    h('section', { class: 'import-panel', id: 'import-panel', hidden: true }),
    form,
    h('p', { class: 'error', id: 'list-error', role: 'alert' }),
    h(
      'table',
      { class: 'list issue-list', id: 'issue-list' },
      h(
        'thead',
        {},
        h('tr', {}, ...['编号', '问题', '牵头单位', '办理状态', '整改时限', '督办级别'].map((t) => h('th', {}, t))),
      ),
      h('tbody'),
    ),
    h(
      'nav',
      { class: 'pager', 'aria-label': '翻页' },
      h('button', { type: 'button', class: 'btn', id: 'list-prev' }, '上一页'),
      h('span', { class: 'muted small', id: 'list-page' }),
      h('button', { type: 'button', class: 'btn', id: 'list-next' }, '下一页'),
    ),
  );

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(fromForm());
  });
  for (const el of form.querySelectorAll('select, input[type=checkbox], #lf-batch'))
    el.addEventListener('change', () => go(fromForm()));
  $('lf-clear').addEventListener('click', () => go(new URLSearchParams()));
  setupImport(() => void load());
  $('file-issue-btn').addEventListener('click', () => openFileIssueForm());
  built = true;
}

/** The form's values as the hash's parameters; paging starts again. */
/** The form's selects, by the hash's key each fills; and its checkboxes (lf-<key>). */
const SELECTS = [
  ['source', 'lf-source'],
  ['state', 'lf-state'],
  ['substate', 'lf-substate'],
  ['unit', 'lf-unit'],
  ['role', 'lf-role'],
  ['level', 'lf-level'],
];
const CHECKS = ['overdue', 'dueSoon', 'mine'];

function fromForm() {
  const p = listParams();
  const set = (key, value) => (value ? p.set(key, value) : p.delete(key));
  set('q', $('lf-q').value.trim());
  set('batch', $('lf-batch').value.trim());
  // A select offers one value; a link may carry several (source=A,B): kept until the select is changed.
  for (const [key, id] of SELECTS) {
    const el = $(id);
    if (el.value || !(p.get(key) ?? '').includes(',')) set(key, el.value);
  }
  set('sort', $('lf-sort').value);
  for (const key of CHECKS) set(key, $(`lf-${key}`).checked ? '1' : '');
  for (const k of PAGING) p.delete(k);
  return p;
}

function go(p) {
  const q = p.toString();
  const href = q ? `#/list?${q}` : '#/list';
  if (location.hash === href) void load();
  else location.hash = href;
}

/** The form shows the hash's filters. */
function toForm(p) {
  $('lf-q').value = p.get('q') ?? '';
  $('lf-batch').value = p.get('batch') ?? '';
  for (const [key, id] of SELECTS) {
    const v = p.get(key) ?? '';
    $(id).value = v.includes(',') ? '' : v;
  }
  const sort = p.get('sort');
  $('lf-sort').value = ORDERS[sort] && sort !== 'filed-desc' ? sort : '';
  for (const key of CHECKS) $(`lf-${key}`).checked = p.get(key) === '1';
  // A phone shows the search box and a fold with the rest, open when a filter is set; a desk shows them all.
  const narrow = window.matchMedia('(max-width: 700px)').matches;
  const filtered = [...p.keys()].some((k) => k !== 'q' && !PAGING.includes(k));
  $('lf-more').open = !narrow || filtered;
}

/** The units' names for the office and leaders (a unit reads only its own problems), and the batches on file. */
async function loadChoices() {
  const office = state.me.role !== 'UNIT';
  $('lf-unit').closest('label').hidden = !office;
  $('import-btn').hidden = state.me.role !== 'OFFICE';
  $('file-issue-btn').hidden = state.me.role !== 'OFFICE';
  if (choices.token !== readerKey()) {
    choices = {
      token: readerKey(),
      units: office ? api(UNITS).then((d) => d.units) : Promise.resolve([]),
      rounds: api(ROUNDS),
    };
    $('lf-unit').replaceChildren($('lf-unit').options[0]);
    $('lf-batches').replaceChildren();
  }
  const [unitList, rounds] = await Promise.allSettled([choices.units, choices.rounds]);
  if (unitList.status === 'rejected' || rounds.status === 'rejected') choices.token = null; // read again next time
  if (unitList.status === 'fulfilled' && office && $('lf-unit').options.length === 1) {
    const sorted = [...unitList.value].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    $('lf-unit').append(...sorted.map((u) => h('option', { value: u.id }, u.name)));
  }
  if (rounds.status === 'fulfilled' && $('lf-batches').options.length === 0) {
    const batches = [...new Set(rounds.value.complaintReport.rounds.map((r) => r.batch).filter(Boolean))].sort();
    $('lf-batches').replaceChildren(...batches.map((b) => h('option', { value: b })));
  }
}

export async function showList() {
  for (const id of ['dashboard', 'issue-view', 'policies-view']) $(id).hidden = true;
  $('list-view').hidden = false;
  if (!built) build();
  await loadChoices().catch(() => undefined);
  toForm(listParams());
  await load();
}

async function load() {
  const p = listParams();
  const [field, direction] = ORDERS[p.get('sort')] ?? ORDERS['filed-desc'];
  const before = p.get('before');
  const variables = {
    filter: filterOf(p),
    orderBy: { field, direction },
    ...(before ? { last: PAGE, before } : { first: PAGE, after: p.get('after') }),
  };
  const view = $('list-view');
  $('list-error').textContent = '';
  try {
    const { issues } = await api(LIST, variables);
    render(issues, p);
  } catch (e) {
    $('issue-list').tBodies[0].replaceChildren();
    $('list-count').textContent = '';
    $('list-error').textContent = `问题清单加载失败：${errorText(e)}`;
  }
  // Browser tests wait for this: the list has been read (or its error shown).
  view.dataset.loaded = String(Number(view.dataset.loaded ?? 0) + 1);
}

function render(issues, p) {
  const page = Math.max(1, Number(p.get('page')) || 1);
  const pages = Math.max(1, Math.ceil(issues.totalCount / PAGE));
  $('list-count').textContent = `共 ${issues.totalCount} 件`;
  $('list-count').dataset.count = String(issues.totalCount);
  $('list-page').textContent = `第 ${Math.min(page, pages)} / ${pages} 页`;
  const { hasNextPage, hasPreviousPage, startCursor, endCursor } = issues.pageInfo;
  // Going backward, the rows after the page are there by construction; going forward, those before it.
  const backward = p.has('before');
  const more = backward ? true : hasNextPage;
  const fewer = backward ? hasPreviousPage && page > 1 : page > 1;
  $('list-next').disabled = !more || issues.edges.length === 0;
  $('list-prev').disabled = !fewer;
  $('list-next').onclick = () => turn(p, { after: endCursor }, page + 1);
  $('list-prev').onclick = () => turn(p, page - 1 <= 1 ? {} : { before: startCursor }, page - 1);

  const open = (id) => (location.hash = `#/issue/${encodeURIComponent(id)}`);
  const rows = issues.edges.map(({ node: r }) =>
    h(
      'tr',
      {
        class: 'clickable',
        dataset: { id: r.id, code: r.code },
        onclick: (e) => {
          if (!e.target.closest('a')) open(r.id);
        },
      },
      h('td', { class: 'mono nowrap', 'data-label': '编号' }, r.code),
      h(
        'td',
        { class: 'il-title', 'data-label': '问题' },
        h('a', { href: `#/issue/${encodeURIComponent(r.id)}` }, r.title),
        h('span', { class: 'tag' }, SOURCE[r.source] ?? r.source),
        r.batch ? h('div', { class: 'muted small' }, r.batch) : '',
      ),
      h('td', { 'data-label': '牵头单位' }, r.leadUnit?.name ?? '—'),
      h('td', { 'data-label': '办理状态' }, SUBSTATE[r.substate] ?? r.substate),
      h(
        'td',
        { class: 'nowrap', 'data-label': '整改时限' },
        r.dueDay ?? '—',
        r.overdue ? h('span', { class: 'overdue-days' }, ` 逾期${r.daysOverdue}天`) : '',
      ),
      h(
        'td',
        { 'data-label': '督办级别' },
        h('span', { class: `level level-${r.escalationLevel}` }, escalationText(r.escalationLevel)),
      ),
    ),
  );
  $('issue-list').tBodies[0].replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'muted center' }, '没有符合条件的问题'))]),
  );
}

function turn(p, cursor, page) {
  const next = new URLSearchParams(p);
  for (const k of PAGING) next.delete(k);
  for (const [k, v] of Object.entries(cursor)) if (v) next.set(k, v);
  if (page > 1) next.set('page', String(page));
  go(next);
}
