// 边督边改 信息公开: the published problems, no token. The service answers publicIssues with the office's public wording only.
import { CATEGORY, dateTime, DEADLINE_KIND, errorText, gql, h, SOURCE, SUBSTATE } from './common.js';

const PAGE = `query Public($after: String) {
  publicIssues(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id code title description source category state substate progressPercent deadlineKind dueDay filedAt closedAt
      leadUnit { name }
      evidence { id fileName mediaType url }
    } }
  }
}`;

const NOTICES = `query Notices {
  publicNotices(first: 100) {
    edges { node { id code title description source category substate noticeEndDay leadUnit { name } } }
  }
}`;
const OBJECT = `mutation Object($input: PublicObjectionInput!) {
  objectToPublicNotice(input: $input) { issueCode receivedAt stoppedNotice }
}`;

const $ = (id) => document.getElementById(id);
const shown = [];
let cursor = null;

function card(i) {
  const done = i.state === 'CLOSED' || i.state === 'REVISITED';
  return h(
    'article',
    { class: 'card', dataset: { code: i.code } },
    h(
      'header',
      {},
      h('span', { class: 'mono muted' }, i.code),
      h('span', { class: `state state-${i.state}` }, SUBSTATE[i.substate] ?? i.substate),
    ),
    h('h3', {}, i.title),
    h('p', {}, i.description),
    h('div', { class: 'progress wide' }, h('span', { style: `width:${done ? 100 : i.progressPercent}%` })),
    h(
      'dl',
      { class: 'fields compact' },
      h('dt', {}, '来源'),
      h('dd', {}, SOURCE[i.source] ?? i.source),
      h('dt', {}, '类别'),
      h('dd', {}, CATEGORY[i.category] ?? i.category),
      h('dt', {}, '责任单位'),
      h('dd', {}, i.leadUnit?.name ?? '—'),
      h('dt', {}, '整改时限'),
      h('dd', {}, i.deadlineKind === 'LONG_TERM' || !i.dueDay ? (DEADLINE_KIND[i.deadlineKind] ?? '—') : i.dueDay),
      h('dt', {}, '整改进度'),
      h('dd', {}, done ? `已于 ${dateTime(i.closedAt).slice(0, 10)} 销号` : `${i.progressPercent}%`),
    ),
    // Public evidence downloads without a token, so a plain <img> works here.
    i.evidence.length
      ? h(
          'div',
          { class: 'evidence' },
          ...i.evidence.map((e) =>
            e.mediaType.startsWith('image/')
              ? h('img', { class: 'thumb', src: e.url, alt: e.fileName })
              : h('a', { href: e.url }, `📄 ${e.fileName}`),
          ),
        )
      : null,
  );
}

function renderKpis(total) {
  const closed = shown.filter((i) => i.state === 'CLOSED' || i.state === 'REVISITED').length;
  const kpi = (key, label, value) =>
    h(
      'div',
      { class: 'kpi', dataset: { kpi: key } },
      h('div', { class: 'kpi-value' }, value),
      h('div', { class: 'kpi-label' }, label),
    );
  $('public-kpis').replaceChildren(
    kpi('total', '公开问题', total),
    kpi('closed', '已销号（已加载）', closed),
    kpi('open', '整改中（已加载）', shown.length - closed),
  );
}

/** The objection form under a closure in 公示: what is wrong, and how the office reaches the one who says so. */
function objectionForm(i) {
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h(
    'form',
    { class: 'objection', dataset: { issue: i.id } },
    h('label', {}, '异议内容', h('textarea', { name: 'comment', required: true, maxlength: 2000, rows: 3 })),
    h('label', {}, '姓名', h('input', { name: 'name', required: true, maxlength: 50, autocomplete: 'name' })),
    h(
      'label',
      {},
      '联系电话',
      h('input', {
        name: 'phone',
        type: 'tel',
        required: true,
        pattern: '\\+?[0-9][0-9 \\-]{5,19}',
        autocomplete: 'tel',
      }),
    ),
    h('button', { type: 'submit', class: 'btn' }, '提交异议'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const { objectToPublicNotice: r } = await gql(OBJECT, {
        input: { issueId: i.id, comment: v.comment, name: v.name, phone: v.phone },
      });
      status.textContent = `已受理：问题 ${r.issueCode} 的异议已于 ${dateTime(r.receivedAt)} 收到，${
        r.stoppedNotice ? '公示暂停，' : ''
      }区整改办核实后将与您联系。`;
      form.reset();
    } catch (e) {
      status.textContent = `提交失败：${errorText(e)}`;
    } finally {
      button.disabled = false;
    }
  });
  return h('details', { class: 'objection-box' }, h('summary', {}, '对整改情况有异议？'), form);
}

function noticeCard(i) {
  const stopped = i.substate === 'VERIFIED.objected';
  return h(
    'article',
    { class: 'card', dataset: { code: i.code } },
    h(
      'header',
      {},
      h('span', { class: 'mono muted' }, i.code),
      h('span', { class: `state state-VERIFIED` }, stopped ? '公示暂停（异议核实中）' : `公示至 ${i.noticeEndDay}`),
    ),
    h('h3', {}, i.title),
    h('p', {}, i.description),
    h(
      'dl',
      { class: 'fields compact' },
      h('dt', {}, '来源'),
      h('dd', {}, SOURCE[i.source] ?? i.source),
      h('dt', {}, '责任单位'),
      h('dd', {}, i.leadUnit?.name ?? '—'),
      h('dt', {}, '公示截止'),
      h('dd', {}, i.noticeEndDay ?? '—'),
    ),
    objectionForm(i),
  );
}

async function notices() {
  try {
    const { publicNotices } = await gql(NOTICES);
    const nodes = publicNotices.edges.map((e) => e.node);
    $('notice-list').replaceChildren(
      ...(nodes.length ? nodes.map(noticeCard) : [h('p', { class: 'muted center' }, '目前没有正在公示的问题')]),
    );
  } catch (e) {
    $('public-error').textContent = `加载失败：${errorText(e)}`;
  }
}

async function more() {
  $('more').disabled = true;
  try {
    const { publicIssues } = await gql(PAGE, { after: cursor });
    const nodes = publicIssues.edges.map((e) => e.node);
    shown.push(...nodes);
    $('public-list').append(...nodes.map(card));
    if (!shown.length) $('public-list').replaceChildren(h('p', { class: 'muted center' }, '暂无公开的问题'));
    cursor = publicIssues.pageInfo.endCursor;
    $('more').hidden = !publicIssues.pageInfo.hasNextPage;
    renderKpis(publicIssues.totalCount);
    document.body.dataset.loaded = '1';
  } catch (e) {
    $('public-error').textContent = `加载失败：${errorText(e)}`;
  } finally {
    $('more').disabled = false;
  }
}

$('more').addEventListener('click', () => void more());
void notices();
void more();
