// 待办: what awaits the signed-in caller (IssueFilter.awaitingMe), on the first screen for every role, grouped by the
// move it waits for, each row one click from its problem page.
import { errorText, EVENT, h, SIGN_OFF_STEP, SUBSTATE } from './common.js';
import { $, api, state } from './session.js';
import { WORK_EVENTS } from './labels.js';

const PAGE = 100;
/** Rows a group shows before its 展开 button: a box that scrolls by itself hid its last rows on a phone. */
const SHOWN = 5;
/** More than a desk works through in a day: the rest are on the list page (#/list?mine=1). */
const MAX_PAGES = 5;

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
    render(box, rows, total);
  } catch (e) {
    box.replaceChildren(heading(null), h('p', { class: 'error' }, `待办加载失败：${errorText(e)}`));
  }
  box.dataset.loaded = String(Number(box.dataset.loaded ?? 0) + 1);
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

function render(box, rows, total) {
  const groups = new Map();
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
      h(
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
  box.replaceChildren(
    heading(total),
    ...(rows.length
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
