// 问题详情: one problem — its facts, its timeline with evidence, and the buttons of the events the caller may send.
import {
  ApiError,
  CATEGORY,
  dateTime,
  DEADLINE_KIND,
  errorText,
  ESCALATION,
  EVENT,
  FINDING,
  h,
  SATISFACTION,
  SOURCE,
  roadText,
  SUBSTATE,
} from './common.js';
import { EVENT_FORMS, eventLabel, openEventForm } from './event-forms.js';
import { ACTOR, COORDINATE_SYSTEM, ENTERED, LEAD_UNIT_EVENTS, ORDER_STATUS } from './labels.js';
import { $, api, authHeaders, state, toast } from './session.js';

const EVIDENCE_FIELDS = 'id fileName mediaType url eventSeq note public';
const ISSUE = `query Issue($id: ID!) {
  issue(id: $id) {
    id code title description source category ${ENTERED.map((f) => f.name).join(' ')} longitude latitude coordinateSystem
    state substate version
    deadlineKind dueAt dueDay originalDueAt originalDueDay overdue dueSoon signOffSteps noticeEndDay sentBackCount escalationLevel progressPercent reboundCount
    filedAt closedAt replyDueAt replyDueDay finding satisfaction published publicSummary complaint
    enforcement { ordersToCorrect casesOpened fineYuan }
    supervisionOrders { id number level status reasons replyDueDay replyOverdue explanation measures decisionComment automatic }
    instructions { id text issuedBy issuedAt acknowledgedAt acknowledgement }
    leadUnit { id name } cooperatingUnits { id name } supervisingUnit { id name }
    pendingExtension { newDueAt newDueDay reason requestedAt }
    complainant { name phone channel }
    noticeObjections { name phone comment receivedAt }
    parts { unit { id name } progressPercent doneAt waivedReason pending }
    plan { goal measures status setAt expectedProgressPercent behindSchedule leader { name post } responsible { name post }
      milestones { title dueDay doneAt overdue } }
    parent { id code title } children { id code title substate } duplicateOf { id code title }
    allowedEvents
    evidence { ${EVIDENCE_FIELDS} }
    events { seq type at actor unit { name } fromState toState comment step documentNumber escalationLevel
      supervisionOrder { number } evidence { ${EVIDENCE_FIELDS} } }
  }
}`;

// ---------------------------------------------------------------- a problem

/**
 * The steps of this problem's road to 销号, as far as they are known: the department's review when one reviews (or
 * reviewed) its submission, the steps its acceptance fixed.
 */
function chain(i) {
  const reviewed = i.substate === 'RECTIFYING.departmentReview' || i.events.some((e) => e.step === 'DEPARTMENT_REVIEW');
  return [...(reviewed ? ['DEPARTMENT_REVIEW'] : []), ...i.signOffSteps];
}

/** 整改方案: the plan, 序时推进 beside the reported progress, its milestones. */
function planSection(i) {
  const p = i.plan;
  if (!p) return [];
  const field = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  return [
    h('h3', {}, '整改方案', p.status === 'RETURNED' ? h('span', { class: 'badge warn' }, ' 已退回，待重新报送') : ''),
    h(
      'dl',
      { class: 'fields', id: 'plan' },
      ...field('整改目标', p.goal),
      ...field('整改措施', p.measures),
      ...field('责任领导', `${p.leader.name}（${p.leader.post}）`),
      ...field('责任人', `${p.responsible.name}（${p.responsible.post}）`),
      ...field(
        '序时推进',
        `序时进度 ${p.expectedProgressPercent}% · 实际进度 ${i.progressPercent}%`,
        p.behindSchedule ? h('span', { class: 'badge danger', id: 'behind-schedule' }, ' 节点逾期') : '',
      ),
    ),
    h(
      'ol',
      { class: 'milestones' },
      ...p.milestones.map((m) =>
        h(
          'li',
          { dataset: { done: String(Boolean(m.doneAt)), overdue: String(m.overdue) } },
          `${m.dueDay} ${m.title}`,
          m.doneAt ? h('span', { class: 'muted small' }, ` ✓ ${dateTime(m.doneAt).slice(0, 10)} 完成`) : '',
          m.overdue ? h('span', { class: 'error small' }, ' 已逾期') : '',
        ),
      ),
    ),
  ];
}

function revokeBlobs() {
  for (const u of state.blobUrls) URL.revokeObjectURL(u);
  state.blobUrls = [];
}

/** Evidence needs the bearer token, which an <img src> cannot send: fetch it and show a blob: URL. */
async function evidenceBlob(url) {
  const res = await fetch(url, { headers: authHeaders() });
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
  return `${DEADLINE_KIND[i.deadlineKind]} · ${i.dueDay}`;
}

export async function showIssue(id) {
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
      .map((t) => {
        const forUnit = state.me.role === 'OFFICE' && LEAD_UNIT_EVENTS.includes(t);
        return h(
          'button',
          {
            type: 'button',
            class: forUnit ? 'btn' : 'btn primary',
            dataset: { event: t },
            title: forUnit ? '这是牵头单位的事项，整改办可代为办理，记录为整改办代办' : null,
            onclick: () => openEventForm(i, t),
          },
          forUnit ? `代单位${eventLabel(i, t)}` : eventLabel(i, t),
        );
      }),
  );
  const attached = new Set(i.events.flatMap((e) => e.evidence.map((x) => x.id)));
  const loose = i.evidence.filter((e) => !attached.has(e.id));

  const fields = h(
    'dl',
    { class: 'fields' },
    field('编号', i.code),
    field('来源', SOURCE[i.source] ?? i.source),
    field('类别', CATEGORY[i.category] ?? i.category),
    ...ENTERED.map((f) => (i[f.name] !== null ? field(f.label, i[f.name]) : [])),
    i.longitude !== null ? field('经纬度', placeText(i)) : [],
    field('牵头单位', i.leadUnit?.name ?? '未交办'),
    field('配合单位', i.cooperatingUnits.map((u) => u.name).join('、') || '—'),
    i.supervisingUnit ? field('行业主管部门', i.supervisingUnit.name) : [],
    i.parts.length
      ? field(
          '配合任务',
          h(
            'ul',
            { class: 'parts' },
            ...i.parts.map((p) =>
              h(
                'li',
                { dataset: { pending: String(p.pending) } },
                `${p.unit?.name ?? '—'}：`,
                p.waivedReason ? `已免除（${p.waivedReason}）` : p.doneAt ? '已完成' : `进行中 ${p.progressPercent}%`,
              ),
            ),
          ),
        )
      : [],
    field('整改时限', deadlineText(i)),
    i.originalDueDay && i.originalDueDay !== i.dueDay ? field('原定时限', i.originalDueDay) : [],
    field(
      '整改进度',
      h('span', { class: 'progress' }, h('span', { style: `width:${i.progressPercent}%` })),
      ` ${i.progressPercent}%`,
    ),
    field('登记时间', dateTime(i.filedAt)),
    field('销号时间', i.closedAt ? dateTime(i.closedAt) : '—'),
    field('反弹次数', i.reboundCount),
    i.replyDueDay ? field('答复时限', i.replyDueDay) : [],
    chain(i).length ? field('销号流程', roadText(chain(i))) : [],
    i.noticeEndDay ? field('公示截止', i.noticeEndDay) : [],
    i.sentBackCount ? field('退回整改', `${i.sentBackCount} 次`) : [],
    i.finding ? field('核查结论', FINDING[i.finding]) : [],
    i.enforcement
      ? field(
          '执法成果',
          `责令改正 ${i.enforcement.ordersToCorrect} 起 · 立案 ${i.enforcement.casesOpened} 件 · 罚款 ${i.enforcement.fineYuan} 元`,
        )
      : [],
    i.supervisionOrders.length
      ? field(
          '督办单',
          h(
            'ul',
            { class: 'orders', id: 'orders' },
            ...i.supervisionOrders.map((o) =>
              h(
                'li',
                { dataset: { status: o.status } },
                `${o.number} ${ESCALATION[o.level]}${o.automatic ? '（自动）' : ''} · ${ORDER_STATUS[o.status]}`,
                o.status === 'CLOSED' ? '' : ` · 回复期限 ${o.replyDueDay}`,
                o.replyOverdue ? h('span', { class: 'error small' }, ' 回复逾期') : '',
                h('div', { class: 'muted small' }, o.reasons),
              ),
            ),
          ),
        )
      : [],
    i.instructions.length
      ? field(
          '领导批示',
          h(
            'ul',
            { class: 'instructions', id: 'instructions' },
            ...i.instructions.map((n) =>
              h(
                'li',
                { dataset: { acknowledged: String(Boolean(n.acknowledgedAt)) } },
                `${dateTime(n.issuedAt)} ${n.issuedBy}：${n.text}`,
                h(
                  'span',
                  { class: 'muted small' },
                  n.acknowledgedAt ? ` 已签收${n.acknowledgement ? `（${n.acknowledgement}）` : ''}` : ' 待签收',
                ),
              ),
            ),
          ),
        )
      : [],
    i.satisfaction ? field('群众满意度', SATISFACTION[i.satisfaction]) : [],
    i.noticeObjections.length
      ? field(
          '公示异议（仅整改办可见）',
          h(
            'ul',
            { class: 'objections' },
            ...i.noticeObjections.map((o) =>
              h('li', {}, `${dateTime(o.receivedAt)} ${o.name} ${o.phone}：${o.comment}`),
            ),
          ),
        )
      : [],
    i.complainant
      ? field(
          '举报人（仅整改办可见）',
          [i.complainant.name, i.complainant.phone, i.complainant.channel].filter(Boolean).join(' · '),
        )
      : [],
    i.pendingExtension
      ? field(
          '待审批延期',
          `延至 ${i.pendingExtension.newDueDay}（${i.pendingExtension.reason}，${dateTime(i.pendingExtension.requestedAt)} 申请）`,
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
          e.escalationLevel ? h('span', {}, `（${ESCALATION[e.escalationLevel]}）`) : null,
          e.supervisionOrder ? h('span', { class: 'muted small' }, ` ${e.supervisionOrder.number}`) : null,
          ' ',
          h('span', { class: 'muted' }, `${ACTOR[e.actor] ?? e.actor}${e.unit ? `（${e.unit.name}）` : ''}`),
          e.fromState !== e.toState
            ? h(
                'span',
                { class: 'muted small' },
                ` ${SUBSTATE[e.fromState] ?? e.fromState ?? '—'} → ${SUBSTATE[e.toState] ?? e.toState}`,
              )
            : null,
        ),
        e.comment ? h('div', { class: 'comment' }, e.comment) : null,
        e.documentNumber ? h('div', { class: 'muted small' }, `文号：${e.documentNumber}`) : null,
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
        ...planSection(i),
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

/** 经纬度 as the problem gives them, with their system. */
const placeText = (i) =>
  `${i.longitude}, ${i.latitude}（${COORDINATE_SYSTEM[i.coordinateSystem] ?? i.coordinateSystem}）`;
