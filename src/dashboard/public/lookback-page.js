// 回头看: the office starts look-back campaigns over closed problems, follows each one's progress per unit and concludes
// each reported self-check (成效巩固, or 反弹 with a new deadline); a unit reports its self-checks (自查); leaders read.
// #/lookback lists; #/lookback/<id> is one campaign (?item=<id> marks a row); #/lookback?report=<item id> opens the
// unit's report form (the worklist's rows link there).
import { addDays, endOfDay, errorText, h, shanghaiDay, SOURCE, SUBSTATE, dateTime } from './common.js';
import { LOOKBACK_CAMPAIGN_STATUS, LOOKBACK_FINDING, LOOKBACK_ITEM_STATUS } from './labels.js';
import { openModalForm } from './event-forms.js';
import { listParams } from './list-page.js';
import { $, api, readerKey, state, toast } from './session.js';

const PROGRESS = `items reported concluded ok rebounds withdrawn overdue open`;
const CAMPAIGN_FIELDS = `id title dueDay status startedAt startedBy completedAt endedAt endReason
  selection { batch year sources unitId issueIds codes } progress { ${PROGRESS} }`;
// Pages small enough for the query cost (maxQueryCost: the page size times the fields asked).
const CAMPAIGN_PAGE = 50;
const ITEM_PAGE = 100;
const CAMPAIGNS = `query($after: String) { lookbackCampaigns(first: ${CAMPAIGN_PAGE}, after: $after) { ${CAMPAIGN_FIELDS} } }`;
const CAMPAIGN = `query($id: ID!) { lookbackCampaign(id: $id) {
  ${CAMPAIGN_FIELDS} units { unit { id name } ${PROGRESS} } } }`;
const ITEM_FIELDS = `id campaignId status overdue rebounded concludedAt concludedBy
  report { finding comment reportedAt reportedBy }
  issue { id code title substate dueDay } unit { id name }`;
const ITEMS = `query($campaignId: ID, $statuses: [LookbackItemStatus!], $after: String) {
  lookbackItems(campaignId: $campaignId, statuses: $statuses, first: ${ITEM_PAGE}, after: $after) {
    ${ITEM_FIELDS} campaign { id title dueDay } } }`;
const UNITS = `{ units { id name } }`;
const ROUNDS = `{ complaintReport { rounds { batch } } }`;
const START = `mutation($input: StartLookbackInput!) { startLookback(input: $input) { id title } }`;
const REPORT = `mutation($itemId: ID!, $finding: LookbackFinding!, $comment: String!) {
  reportLookback(itemId: $itemId, finding: $finding, comment: $comment) { id status } }`;
const CONCLUDE = `mutation($itemId: ID!, $rebounded: Boolean!, $comment: String, $newDueAt: DateTime) {
  concludeLookback(itemId: $itemId, rebounded: $rebounded, comment: $comment, newDueAt: $newDueAt) {
    id status issue { substate dueDay } } }`;
const END = `mutation($id: ID!, $reason: String!) { endLookback(id: $id, reason: $reason) { id status } }`;

const COMMENT_MAX = 2000;

/** Every row of `field` the query answers, a page at a time, each after the last id of the one before. */
async function allPages(query, field, size, variables = {}, maxPages = 100) {
  const out = [];
  let after = null;
  for (let page = 0; page < maxPages; page++) {
    const rows = (await api(query, { ...variables, after }))[field];
    out.push(...rows);
    if (rows.length < size) break;
    after = rows[rows.length - 1].id;
  }
  return out;
}

/** Every item the query answers. */
const allLookbackItems = (variables) => allPages(ITEMS, 'lookbackItems', ITEM_PAGE, variables);

let units = { token: null, list: null };
async function unitList() {
  if (units.token !== readerKey()) units = { token: readerKey(), list: api(UNITS).then((d) => d.units) };
  return units.list.catch((e) => {
    units.token = null;
    throw e;
  });
}

export async function showLookback() {
  const view = $('lookback-view');
  view.hidden = false;
  const m = /^#\/lookback\/([^/?#]+)/.exec(location.hash);
  view.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
  try {
    if (m) await showCampaign(view, decodeURIComponent(m[1]));
    else await showCampaigns(view);
  } catch (e) {
    view.replaceChildren(back(), h('p', { class: 'error' }, `加载失败：${errorText(e)}`));
  }
  // Browser tests wait for this: the page has been read (or its error shown).
  view.dataset.loaded = String(Number(view.dataset.loaded ?? 0) + 1);
}

const back = (href = '#/', text = '← 返回总览') => h('p', {}, h('a', { href }, text));
const reload = () => showLookback();

/** The selection a campaign was started with, as a line. */
function selectionText(s, unitNames) {
  return (
    [
      s.batch ? `批次：${s.batch}` : '',
      s.year ? `${s.year}年销号` : '',
      s.sources?.length ? `来源：${s.sources.map((x) => SOURCE[x] ?? x).join('、')}` : '',
      s.unitId ? `单位：${unitNames.get(s.unitId) ?? '指定单位'}` : '',
      s.issueIds?.length ? `指定问题 ${s.issueIds.length} 件` : '',
      s.codes?.length ? `指定编号 ${s.codes.length} 件` : '',
    ]
      .filter(Boolean)
      .join('；') || '—'
  );
}

const cell = (label, content, attrs = {}) => h('td', { 'data-label': label, ...attrs }, content);
const num = (label, n, attrs = {}) => cell(label, String(n), { class: 'num', ...attrs });

/** The progress columns: a campaign's, or a unit's row of it. */
const PROGRESS_COLUMNS = [
  ['items', '问题数'],
  ['reported', '已报送'],
  ['concluded', '已认定'],
  ['ok', '成效巩固'],
  ['rebounds', '反弹'],
  ['overdue', '逾期未报'],
  ['open', '未认定'],
];
const progressCells = (p) =>
  PROGRESS_COLUMNS.map(([k, label]) =>
    num(label, p[k], { dataset: { k }, class: `num${k === 'overdue' && p[k] ? ' overdue-days' : ''}` }),
  );
const table = (id, headers, rows, empty) =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'list desk-list', id },
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: headers.length, class: 'muted center' }, empty))]),
      ),
    ),
  );

// ---------------------------------------------------------------- the list

async function showCampaigns(view) {
  const role = state.me.role;
  const [lookbackCampaigns, names] = await Promise.all([
    allPages(CAMPAIGNS, 'lookbackCampaigns', CAMPAIGN_PAGE, {}, 10),
    role === 'UNIT' ? Promise.resolve([]) : unitList().catch(() => []),
  ]);
  const unitNames = new Map(names.map((u) => [u.id, u.name]));
  const mine = role === 'UNIT' ? await allLookbackItems({ statuses: ['AWAITING_REPORT', 'REPORTED'] }) : [];
  const campaigns = table(
    'lookback-campaigns',
    ['回头看', '状态', '自查期限', ...PROGRESS_COLUMNS.map(([, l]) => l)],
    lookbackCampaigns.map((c) =>
      h(
        'tr',
        { dataset: { id: c.id, status: c.status } },
        cell('回头看', h('a', { href: `#/lookback/${encodeURIComponent(c.id)}` }, c.title), { class: 'il-title' }),
        cell('状态', LOOKBACK_CAMPAIGN_STATUS[c.status] ?? c.status),
        cell('自查期限', c.dueDay, { class: 'nowrap' }),
        ...progressCells(c.progress),
      ),
    ),
    '尚未发起回头看',
  );
  const p = listParams();
  view.replaceChildren(
    back(),
    h(
      'div',
      { class: 'list-toolbar' },
      h('h2', {}, '回头看'),
      h('span', { class: 'spacer' }),
      role === 'OFFICE'
        ? h(
            'button',
            { type: 'button', class: 'btn primary', id: 'lb-start', onclick: () => openStart() },
            '发起回头看',
          )
        : '',
    ),
    h(
      'p',
      { class: 'muted' },
      role === 'UNIT'
        ? '整改办对已销号问题开展“回头看”：请在自查期限内逐个问题报送自查情况（整改成效巩固或发现反弹），整改办认定后记入问题的办理记录。'
        : '对已销号问题开展“回头看”：按批次、年度、来源或责任单位选定问题，交牵头单位限期自查，整改办逐个认定成效巩固或反弹（反弹的问题重新整改）。',
    ),
    ...(role === 'UNIT' ? unitWork(mine) : []),
    h('h3', {}, role === 'UNIT' ? '本单位参与的回头看' : '回头看活动'),
    campaigns,
  );
  for (const c of lookbackCampaigns) {
    const tr = view.querySelector(`#lookback-campaigns tr[data-id="${c.id}"]`);
    tr?.querySelector('td')?.append(h('div', { class: 'muted small' }, selectionText(c.selection, unitNames)));
  }
  // From the worklist: the report form of one item.
  const reportId = p.get('report');
  const item = reportId && mine.find((i) => i.id === reportId);
  if (item) openReport(item);
  else if (reportId) toast('该问题已不在待自查之列');
}

/** A unit's items to report (and those reported, until the office concludes them: a new report replaces the old). */
function unitWork(items) {
  const awaiting = items.filter((i) => i.status === 'AWAITING_REPORT');
  const reported = items.filter((i) => i.status === 'REPORTED');
  const row = (i) =>
    h(
      'tr',
      { dataset: { id: i.id, code: i.issue?.code ?? '', status: i.status }, class: i.overdue ? 'overdue' : null },
      cell('编号', i.issue?.code ?? '—', { class: 'mono nowrap' }),
      cell(
        '问题',
        i.issue ? h('a', { href: `#/issue/${encodeURIComponent(i.issue.id)}` }, i.issue.title) : '（已不可见）',
        { class: 'il-title' },
      ),
      cell('回头看', i.campaign.title),
      cell(
        '自查期限',
        h(
          'span',
          { class: 'nowrap' },
          i.campaign.dueDay,
          i.overdue ? h('span', { class: 'overdue-days lb-overdue' }, ' 逾期未报') : '',
        ),
      ),
      cell(
        '自查情况',
        i.report
          ? h(
              'span',
              {},
              h('strong', {}, LOOKBACK_FINDING[i.report.finding]),
              `：${i.report.comment}`,
              h('div', { class: 'muted small' }, dateTime(i.report.reportedAt)),
            )
          : '—',
      ),
      cell(
        '',
        h(
          'button',
          { type: 'button', class: 'btn small primary lb-report', onclick: () => openReport(i) },
          i.report ? '重新报送' : '报告自查',
        ),
      ),
    );
  const headers = ['编号', '问题', '回头看', '自查期限', '自查情况', ''];
  return [
    h('h3', {}, '待回头看自查 ', h('span', { class: 'count' }, String(awaiting.length))),
    table('lookback-awaiting', headers, awaiting.map(row), '暂无待自查的问题'),
    ...(reported.length
      ? [
          h('h3', {}, '已报送，待整改办认定 ', h('span', { class: 'count' }, String(reported.length))),
          table('lookback-reported', headers, reported.map(row), ''),
        ]
      : []),
  ];
}

// ---------------------------------------------------------------- one campaign

async function showCampaign(view, id) {
  const role = state.me.role;
  const [{ lookbackCampaign: c }, items, names] = await Promise.all([
    api(CAMPAIGN, { id }),
    allLookbackItems({ campaignId: id }),
    role === 'UNIT' ? Promise.resolve([]) : unitList().catch(() => []),
  ]);
  if (!c) {
    view.replaceChildren(back('#/lookback', '← 返回回头看'), h('p', { class: 'error' }, '未找到该回头看，或无权查看'));
    return;
  }
  const unitNames = new Map(names.map((u) => [u.id, u.name]));
  const office = role === 'OFFICE';
  const marked = listParams().get('item');
  const unitRows = c.units.map((u) =>
    h('tr', { dataset: { unit: u.unit.id } }, cell('单位', u.unit.name), ...progressCells(u)),
  );
  const itemRow = (i) =>
    h(
      'tr',
      {
        dataset: { id: i.id, code: i.issue?.code ?? '', status: i.status },
        class: [i.id === marked ? 'marked' : '', i.overdue ? 'overdue' : ''].filter(Boolean).join(' ') || null,
      },
      cell('编号', i.issue?.code ?? '—', { class: 'mono nowrap' }),
      cell(
        '问题',
        i.issue ? h('a', { href: `#/issue/${encodeURIComponent(i.issue.id)}` }, i.issue.title) : '（已不可见）',
        { class: 'il-title' },
      ),
      cell('单位', i.unit.name),
      cell(
        '状态',
        h(
          'span',
          {},
          LOOKBACK_ITEM_STATUS[i.status] ?? i.status,
          i.overdue ? h('span', { class: 'overdue-days lb-overdue' }, ' 逾期未报') : '',
          i.status === 'CONCLUDED'
            ? h(
                'div',
                { class: 'small' },
                i.rebounded ? h('span', { class: 'overdue-days' }, '反弹，重新整改') : '成效巩固',
                i.rebounded && i.issue ? ` · ${SUBSTATE[i.issue.substate] ?? i.issue.substate}` : '',
                i.rebounded && i.issue?.dueDay ? ` · 时限 ${i.issue.dueDay}` : '',
              )
            : '',
        ),
      ),
      cell('自查结论', i.report ? LOOKBACK_FINDING[i.report.finding] : '—', { class: 'lb-finding' }),
      cell(
        '自查情况',
        i.report
          ? h('span', {}, i.report.comment, h('div', { class: 'muted small' }, dateTime(i.report.reportedAt)))
          : '—',
        { class: 'lb-comment' },
      ),
      cell('', actions(c, i)),
    );
  const progress = c.progress;
  view.replaceChildren(
    back('#/lookback', '← 返回回头看'),
    h(
      'div',
      { class: 'list-toolbar' },
      h('h2', { id: 'lb-title' }, c.title),
      h('span', { class: `tag lb-status-${c.status}`, id: 'lb-status' }, LOOKBACK_CAMPAIGN_STATUS[c.status]),
      h('span', { class: 'spacer' }),
      office && c.status === 'OPEN'
        ? h('button', { type: 'button', class: 'btn', id: 'lb-end', onclick: () => openEnd(c) }, '结束回头看')
        : '',
    ),
    h(
      'p',
      { class: 'muted small' },
      `${selectionText(c.selection, unitNames)} · 自查期限 ${c.dueDay} · ${dateTime(c.startedAt)} 发起`,
      c.endedAt ? ` · ${dateTime(c.endedAt)} 结束：${c.endReason ?? ''}` : '',
      c.completedAt ? ` · ${dateTime(c.completedAt)} 全部认定` : '',
    ),
    h(
      'p',
      { id: 'lb-progress', dataset: Object.fromEntries(Object.entries(progress).map(([k, v]) => [k, String(v)])) },
      `共 ${progress.items} 件：已报送 ${progress.reported}，已认定 ${progress.concluded}（成效巩固 ${progress.ok}，反弹 ${progress.rebounds}），`,
      h('span', { class: progress.overdue ? 'overdue-days' : '' }, `逾期未报 ${progress.overdue}`),
      `，未认定 ${progress.open}`,
      progress.withdrawn ? `，已撤回 ${progress.withdrawn}` : '',
    ),
    h('h3', {}, '各单位进度'),
    table('lookback-units', ['单位', ...PROGRESS_COLUMNS.map(([, l]) => l)], unitRows, '—'),
    h('h3', {}, '问题'),
    table(
      'lookback-items',
      ['编号', '问题', '单位', '状态', '自查结论', '自查情况', ''],
      items.map(itemRow),
      '没有问题',
    ),
  );
  view.querySelector('tr.marked')?.scrollIntoView({ block: 'center' });
}

/** What the caller may do with an item: the office concludes a reported one; its unit reports until then. */
function actions(c, i) {
  const role = state.me.role;
  if (role === 'OFFICE' && i.status === 'REPORTED')
    return h(
      'span',
      { class: 'lb-actions' },
      h('button', { type: 'button', class: 'btn small lb-hold', onclick: () => openConclude(i, false) }, '成效巩固'),
      h(
        'button',
        { type: 'button', class: 'btn small danger lb-rebound', onclick: () => openConclude(i, true) },
        '反弹',
      ),
    );
  if (role === 'UNIT' && (i.status === 'AWAITING_REPORT' || i.status === 'REPORTED'))
    return h(
      'button',
      { type: 'button', class: 'btn small primary lb-report', onclick: () => openReport({ ...i, campaign: c }) },
      i.report ? '重新报送' : '报告自查',
    );
  return '';
}

// ---------------------------------------------------------------- the forms

function openReport(item) {
  openModalForm({
    title: `报告自查 · ${item.issue?.code ?? ''}`,
    name: 'reportLookback',
    fields: [
      {
        type: 'info',
        text: `${item.issue?.title ?? ''}（${item.campaign?.title ?? ''}，自查期限 ${item.campaign?.dueDay ?? ''}）`,
      },
      {
        name: 'finding',
        label: '自查结论',
        type: 'select',
        required: true,
        placeholder: '请选择自查结论',
        value: item.report?.finding,
        options: Object.entries(LOOKBACK_FINDING),
      },
      {
        name: 'comment',
        label: '自查情况（检查了什么、怎样检查的）',
        type: 'textarea',
        required: true,
        maxlength: COMMENT_MAX,
        value: item.report?.comment,
      },
    ],
    check: (v) => (!v.finding ? '请选择自查结论' : !v.comment ? '请填写自查情况' : null),
    submit: (v) => api(REPORT, { itemId: item.id, finding: v.finding, comment: v.comment }),
    done: async () => {
      toast(`已报送自查：${item.issue?.code ?? ''}`);
      // The report form came from a link (?report=): the list without it.
      if (listParams().has('report')) location.hash = '#/lookback';
      else await reload();
    },
  });
}

function openConclude(item, rebounded) {
  const code = item.issue?.code ?? '';
  openModalForm({
    title: `${rebounded ? '认定反弹' : '认定成效巩固'} · ${code}`,
    name: rebounded ? 'concludeLookbackRebound' : 'concludeLookback',
    fields: [
      {
        type: 'info',
        text: rebounded
          ? '认定为反弹：问题退回牵头单位重新整改，须设定新的整改时限。'
          : '认定为整改成效巩固：问题记为“回头看”未反弹。',
      },
      ...(rebounded
        ? [{ name: 'newDueDay', label: '新的整改时限', type: 'date', required: true, min: addDays(shanghaiDay(), 1) }]
        : []),
      {
        name: 'comment',
        label: rebounded ? '认定意见' : '认定意见（可不填）',
        type: 'textarea',
        required: rebounded,
        maxlength: COMMENT_MAX,
      },
    ],
    check: (v) =>
      rebounded && !v.newDueDay
        ? '反弹须设定新的整改时限'
        : rebounded && v.newDueDay <= shanghaiDay()
          ? '新的整改时限须晚于今天'
          : rebounded && !v.comment
            ? '反弹须填写认定意见'
            : null,
    submit: (v) =>
      api(CONCLUDE, {
        itemId: item.id,
        rebounded,
        comment: v.comment || null,
        newDueAt: rebounded ? endOfDay(v.newDueDay) : null,
      }),
    done: async () => {
      toast(`已认定：${code} ${rebounded ? '反弹，重新整改' : '成效巩固'}`);
      await reload();
    },
  });
}

function openEnd(c) {
  openModalForm({
    title: `结束回头看 · ${c.title}`,
    name: 'endLookback',
    fields: [
      { type: 'info', text: `尚未认定的 ${c.progress.open} 件问题将撤回，此后可再次纳入回头看。` },
      { name: 'reason', label: '结束原因', type: 'textarea', required: true, maxlength: COMMENT_MAX },
    ],
    check: (v) => (!v.reason ? '请填写结束原因' : null),
    submit: (v) => api(END, { id: c.id, reason: v.reason }),
    done: async () => {
      toast(`已结束：${c.title}`);
      await reload();
    },
  });
}

async function openStart() {
  let names;
  let batches;
  try {
    const [u, r] = await Promise.all([unitList(), api(ROUNDS).catch(() => null)]);
    names = [...u].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    batches = [...new Set((r?.complaintReport.rounds ?? []).map((x) => x.batch).filter(Boolean))].sort();
  } catch (e) {
    toast(errorText(e));
    return;
  }
  const batch = h('input', {
    name: 'batch',
    id: 'lb-batch',
    list: 'lb-batches',
    maxlength: 200,
    autocomplete: 'off',
    placeholder: '如：第三轮中央生态环境保护督察 第5批',
  });
  const field = (label, input) => h('label', { class: 'field' }, h('span', {}, label), input);
  const thisYear = Number(shanghaiDay().slice(0, 4));
  openModalForm({
    title: '发起回头看',
    name: 'startLookback',
    fields: [
      {
        name: 'title',
        label: '标题',
        type: 'text',
        required: true,
        maxlength: 200,
        placeholder: '如：第5批交办问题整改“回头看”',
      },
      { type: 'info', text: '选定问题（已销号、未在其他进行中的回头看内；至少填一项，所填条件须同时满足）：' },
      {
        type: 'element',
        element: h(
          'div',
          {},
          field('批次（可填一轮督察，含其各批次）', batch),
          h('datalist', { id: 'lb-batches' }, ...batches.map((b) => h('option', { value: b }))),
        ),
      },
      { name: 'year', label: '销号年度', type: 'number', min: 2000, max: thisYear, placeholder: String(thisYear) },
      { name: 'sources', label: '问题来源（可多选）', type: 'multi', options: Object.entries(SOURCE) },
      {
        name: 'unitId',
        label: '责任单位（牵头单位，含下属单位）',
        type: 'select',
        options: [['', '全部单位'], ...names.map((u) => [u.id, u.name])],
      },
      { name: 'dueDay', label: '自查报送期限', type: 'date', required: true, min: addDays(shanghaiDay(), 1) },
    ],
    read: () => ({ batch: batch.value.trim() }),
    check: (v) =>
      !v.title
        ? '请填写标题'
        : !v.batch && !v.year && !v.sources.length && !v.unitId
          ? '请至少选择一项：批次、年度、来源或责任单位'
          : !v.dueDay || v.dueDay <= shanghaiDay()
            ? '自查报送期限须晚于今天'
            : null,
    submit: (v) =>
      api(START, {
        input: {
          title: v.title,
          dueAt: endOfDay(v.dueDay),
          selection: {
            ...(v.batch ? { batch: v.batch } : {}),
            ...(v.year ? { year: Number(v.year) } : {}),
            ...(v.sources.length ? { sources: v.sources } : {}),
            ...(v.unitId ? { unitId: v.unitId } : {}),
          },
        },
      }),
    done: (answer) => {
      toast(`已发起：${answer.startLookback.title}`);
      location.hash = `#/lookback/${encodeURIComponent(answer.startLookback.id)}`;
    },
  });
}
