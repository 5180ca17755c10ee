// 待办: what awaits the signed-in caller (IssueFilter.awaitingMe), on the first screen for every role, grouped by the
// move it waits for, each row one click from its problem page. 回头看 adds its own groups: a unit's self-checks to
// report (待回头看自查), the office's reported ones to conclude (待认定回头看), each row one click from its form.
import { errorText, EVENT, h, SIGN_OFF_STEP, SUBSTATE } from './common.js';
import { $, api, state } from './session.js';
import { WORK_EVENTS } from './labels.js';

const PAGE = 100;
/** Rows a group shows before its 展开 button: a box that scrolls by itself hid its last rows on a phone. */
const SHOWN = 5;
/** More than a desk works through in a day: the rest are on the list page (#/list?mine=1). */
const MAX_PAGES = 5;

/** The look-back items awaiting the caller: a unit's to report, the office's to conclude (none for a leader). */
const LOOKBACK_WORK = {
  UNIT: { status: 'AWAITING_REPORT', key: 'lookback:report', label: '待回头看自查' },
  OFFICE: { status: 'REPORTED', key: 'lookback:conclude', label: '待认定回头看' },
};
const LOOKBACK = `query LookbackWork($statuses: [LookbackItemStatus!], $after: String) {
  lookbackItems(statuses: $statuses, first: ${PAGE}, after: $after) {
    id campaignId overdue issue { id code title } unit { name } campaign { title dueDay }
  }
}`;

const AWAITING = `query Awaiting($after: String) {
  issues(first: ${PAGE}, after: $after, filter: { awaitingMe: true }, orderBy: { field: DUE_AT, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code title substate allowedEvents dueDay daysOverdue overdue leadUnit { name } } }
  }
}`;

/** A problem allowing several moves is listed once, under the first of these it allows: the most pressing first. */
const PRIORITY = [
  'acknowledgeInstruction',
  'replyToOrder',
  'decideOrderReply',
  'assign',
  'accept',
  'decideExtension',
  'signOff',
  'verify',
  'dismissObjection',
  'close',
  'submit',
  'reportProgress',
  'setPlan',
  'completeMilestone',
  'requestExtension',
  'reportPart',
  'return',
];

/** The sign-off step (签批环节) each signing sub-state waits for. */
const STEP_OF_SUBSTATE = {
  'RECTIFYING.departmentReview': 'DEPARTMENT_REVIEW',
  'VERIFIED.leadershipApproval': 'LEADERSHIP_APPROVAL',
  'VERIFIED.publicNotice': 'PUBLIC_NOTICE',
  'VERIFIED.cityReview': 'CITY_REVIEW',
};

/** The lead unit at work (整改中): its moves are one group, 报告进展 or 申请销号. */
const RECTIFYING_MOVES = new Set(['submit', 'reportProgress', 'setPlan', 'completeMilestone', 'requestExtension']);

/** The group a problem awaiting `role` falls in: { key, label }, the label from the service's own event names. */
export function groupOf(role, issue) {
  const work = new Set(WORK_EVENTS[role] ?? []);
  const event = PRIORITY.find((e) => work.has(e) && issue.allowedEvents.includes(e));
  if (!event) return { key: `substate:${issue.substate}`, label: SUBSTATE[issue.substate] ?? issue.substate };
  if (event === 'signOff') {
    const step = STEP_OF_SUBSTATE[issue.substate];
    return { key: `signOff:${step ?? issue.substate}`, label: `待${SIGN_OFF_STEP[step] ?? EVENT.signOff}` };
  }
  if (event === 'dismissObjection') return { key: event, label: `待处理${EVENT.object}` };
  if (RECTIFYING_MOVES.has(event)) return { key: 'rectify', label: `待${EVENT.reportProgress} / ${EVENT.submit}` };
  if (event === 'return') return { key: 'accept', label: `待${EVENT.accept}` };
  return { key: event, label: `待${EVENT[event] ?? event}` };
}

let loading = null;

/** Reads the caller's work again and shows it (one read at a time; a second call waits for the running one). */
export function loadWorklist() {
  loading ??= load().finally(() => (loading = null));
  return loading;
}

async function load() {
  const box = $('worklist');
  if (!box || !state.me) return;
  box.hidden = false;
  try {
    // The problems are the worklist: a look-back read that fails leaves its group out, not the rest.
    const lookback = loadLookbackWork().catch(() => null);
    const rows = [];
    let after = null;
    let total = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { issues } = await api(AWAITING, { after });
      total = issues.totalCount;
      rows.push(...issues.edges.map((e) => e.node));
      if (!issues.pageInfo.hasNextPage) break;
      after = issues.pageInfo.endCursor;
    }
    render(box, rows, total, await lookback);
  } catch (e) {
    box.replaceChildren(heading(null), h('p', { class: 'error' }, `待办加载失败：${errorText(e)}`));
  }
  box.dataset.loaded = String(Number(box.dataset.loaded ?? 0) + 1);
}

/** The caller's look-back group ({ key, label, rows } with rows as the worklist shows them), or null. */
async function loadLookbackWork() {
  const work = LOOKBACK_WORK[state.me.role];
  if (!work || state.me.screen) return null;
  const items = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { lookbackItems } = await api(LOOKBACK, { statuses: [work.status], after });
    items.push(...lookbackItems);
    if (lookbackItems.length < PAGE) break;
    after = lookbackItems[lookbackItems.length - 1].id;
  }
  const unit = state.me.role === 'UNIT';
  return {
    key: work.key,
    label: work.label,
    rows: items.map((i) => ({
      id: i.id,
      item: true,
      href: unit
        ? `#/lookback?report=${encodeURIComponent(i.id)}`
        : `#/lookback/${encodeURIComponent(i.campaignId)}?item=${encodeURIComponent(i.id)}`,
      code: i.issue?.code ?? '',
      title: i.issue?.title ?? '（已不可见）',
      // a unit reads which campaign asks; the office which unit reported
      who: unit ? i.campaign.title : i.unit.name,
      due: unit ? `自查期限 ${i.campaign.dueDay}` : '',
      late: unit && i.overdue ? ' 逾期未报' : '',
    })),
  };
}

function heading(total) {
  return h(
    'div',
    { class: 'worklist-head' },
    h('h2', {}, '我的待办 ', total === null ? '' : h('span', { class: 'count', id: 'worklist-total' }, String(total))),
    h('a', { href: '#/list?mine=1', class: 'small' }, '在问题清单中查看 →'),
    h('a', { href: '#/list', class: 'small' }, '全部问题 →'),
  );
}

function render(box, rows, total, lookback) {
  const groups = new Map();
  // The look-back work first: it has its own due day, set by the office for the whole campaign.
  if (lookback?.rows.length) groups.set(lookback.key, lookback);
  for (const issue of rows) {
    const g = groupOf(state.me.role, issue);
    if (!groups.has(g.key)) groups.set(g.key, { ...g, rows: [] });
    groups.get(g.key).rows.push(issue);
  }
  const open = (id) => `#/issue/${encodeURIComponent(id)}`;
  const row = (r) =>
    h(
      'li',
      {},
      r.item
        ? h(
            'a',
            { class: 'wl-row', href: r.href, dataset: { item: r.id, code: r.code } },
            h('span', { class: 'mono' }, r.code),
            h('span', { class: 'wl-title' }, r.title),
            h('span', { class: 'muted small' }, r.who),
            h('span', { class: 'small nowrap' }, r.due, r.late ? h('span', { class: 'overdue-days' }, r.late) : ''),
          )
        : h(
            'a',
            { class: 'wl-row', href: open(r.id), dataset: { id: r.id, code: r.code } },
            h('span', { class: 'mono' }, r.code),
            h('span', { class: 'wl-title' }, r.title),
            h('span', { class: 'muted small' }, r.leadUnit?.name ?? '未交办'),
            h(
              'span',
              { class: 'small nowrap' },
              r.dueDay ? `时限 ${r.dueDay}` : '',
              r.overdue ? h('span', { class: 'overdue-days' }, ` 逾期${r.daysOverdue}天`) : '',
            ),
          ),
    );
  const lookbackCount = lookback?.rows.length ?? 0;
  box.replaceChildren(
    heading(total + lookbackCount),
    ...(groups.size
      ? [...groups.values()].map((g) =>
          h(
            'section',
            { class: 'wl-group', dataset: { group: g.key } },
            h('h3', {}, g.label, ' ', h('span', { class: 'count' }, String(g.rows.length))),
            h(
              'ul',
              { class: 'wl-rows' },
              ...g.rows.map((r, i) => {
                const li = row(r);
                if (i >= SHOWN) li.hidden = true;
                return li;
              }),
            ),
            g.rows.length > SHOWN
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn small wl-more',
                    onclick: (e) => {
                      for (const li of e.currentTarget.previousElementSibling.children) li.hidden = false;
                      e.currentTarget.remove();
                    },
                  },
                  `展开其余 ${g.rows.length - SHOWN} 件`,
                )
              : '',
          ),
        )
      : [h('p', { class: 'muted', id: 'worklist-empty' }, '暂无待办事项')]),
    total > rows.length
      ? h(
          'p',
          { class: 'small' },
          h('a', { href: '#/list?mine=1' }, `另有 ${total - rows.length} 件，在问题清单中查看 →`),
        )
      : '',
  );
}
