// 追责问责: the office and leaders read the records (约谈, 通报批评, 问责) newest first, by unit and period, the revoked
// ones on request (struck through, with why); the office records one against a unit, with the problems it concerns
// picked from that unit's, and revokes one decided in error. A unit reads its own, without the person (the API says so).
import { dateTime, errorText, h, shanghaiDay } from './common.js';
import { ACCOUNTABILITY_KIND } from './labels.js';
import { openModalForm } from './event-forms.js';
import { listParams } from './list-page.js';
import { $, api, readerKey, state, toast } from './session.js';

const FIELDS = `id kind unit { id name } personName personPost documentNumber decidedOn reason
  problems { id code title } recordedAt recordedBy revokedAt revokedBy revokeReason`;
const RECORDS = `query($unitId: ID, $from: Date, $to: Date, $includeRevoked: Boolean) {
  accountabilityRecords(unitId: $unitId, from: $from, to: $to, includeRevoked: $includeRevoked, first: 500) {
    ${FIELDS} } }`;
const RECORD = `mutation($input: RecordAccountabilityInput!) { recordAccountability(input: $input) { id } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeAccountabilityRecord(id: $id, reason: $reason) { id } }`;
const UNITS = `{ units { id name } }`;
/** A unit's problems to pick from: the ones it leads, cooperates on or supervises, or once did, matching the search. */
const PROBLEMS = `query($filter: IssueFilter) {
  issues(first: 100, filter: $filter, orderBy: { field: FILED_AT, direction: DESC }) {
    totalCount edges { node { id code title } } } }`;

const PROBLEMS_MAX = 100;

let units = { token: null, list: null };
function unitList() {
  if (units.token !== readerKey()) units = { token: readerKey(), list: api(UNITS).then((d) => d.units) };
  return units.list
    .then((l) => [...l].sort((a, b) => a.name.localeCompare(b.name, 'zh')))
    .catch((e) => {
      units.token = null;
      throw e;
    });
}

/** The filters live in the hash (#/accountability?unit=…&from=…&to=…&revoked=1), as the list page's do. */
function filters() {
  const p = listParams();
  const day = (k) => (/^\d{4}-\d{2}-\d{2}$/.test(p.get(k) ?? '') ? p.get(k) : null);
  return { unitId: p.get('unit') || null, from: day('from'), to: day('to'), includeRevoked: p.get('revoked') === '1' };
}

function go(f) {
  const p = new URLSearchParams();
  if (f.unitId) p.set('unit', f.unitId);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.includeRevoked) p.set('revoked', '1');
  const q = p.toString();
  const href = q ? `#/accountability?${q}` : '#/accountability';
  if (location.hash === href) void showAccountability();
  else location.hash = href;
}

export async function showAccountability() {
  const view = $('accountability-view');
  view.hidden = false;
  if (!view.dataset.loaded) view.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
  const f = filters();
  const unitRole = state.me.role === 'UNIT';
  try {
    const [{ accountabilityRecords }, names] = await Promise.all([
      api(RECORDS, unitRole ? { ...f, unitId: null } : f),
      unitRole ? Promise.resolve([]) : unitList().catch(() => []),
    ]);
    render(view, accountabilityRecords, names, f);
  } catch (e) {
    view.replaceChildren(
      h('p', {}, h('a', { href: '#/' }, '← 返回总览')),
      h('p', { class: 'error' }, `加载失败：${errorText(e)}`),
    );
  }
  // Browser tests wait for this: the page has been read (or its error shown).
  view.dataset.loaded = String(Number(view.dataset.loaded ?? 0) + 1);
}

function render(view, records, names, f) {
  const role = state.me.role;
  const office = role === 'OFFICE';
  const unitRole = role === 'UNIT';
  const unit = h(
    'select',
    { id: 'ac-unit', 'aria-label': '单位' },
    h('option', { value: '' }, '全部单位'),
    ...names.map((u) => h('option', { value: u.id, selected: u.id === f.unitId }, u.name)),
  );
  const from = h('input', { type: 'date', id: 'ac-from', 'aria-label': '起始日期', value: f.from ?? '' });
  const to = h('input', { type: 'date', id: 'ac-to', 'aria-label': '截止日期', value: f.to ?? '' });
  const revoked = h('input', { type: 'checkbox', id: 'ac-revoked', checked: f.includeRevoked });
  const read = () => ({
    unitId: unit.value || null,
    from: from.value || null,
    to: to.value || null,
    includeRevoked: revoked.checked,
  });
  for (const el of [unit, from, to, revoked]) el.addEventListener('change', () => go(read()));
  const form = h(
    'form',
    { class: 'list-filters', id: 'ac-filters', onsubmit: (e) => (e.preventDefault(), go(read())) },
    unitRole ? '' : h('label', { class: 'lf' }, h('span', {}, '单位'), unit),
    h('label', { class: 'lf' }, h('span', {}, '决定日期 自'), from),
    h('label', { class: 'lf' }, h('span', {}, '至'), to),
    h('div', { class: 'lf-checks' }, h('label', { class: 'check' }, revoked, '含已撤销')),
  );
  const headers = ['决定日期', '类别', '单位', ...(unitRole ? [] : ['对象']), '文号', '事由', '涉及问题', '记录', ''];
  const row = (r) =>
    h(
      'tr',
      { dataset: { id: r.id, kind: r.kind, revoked: r.revokedAt ? '1' : null }, class: r.revokedAt ? 'revoked' : null },
      h('td', { class: 'nowrap', 'data-label': '决定日期' }, r.decidedOn),
      h('td', { 'data-label': '类别' }, h('span', { class: 'tag' }, ACCOUNTABILITY_KIND[r.kind] ?? r.kind)),
      h('td', { 'data-label': '单位', class: 'ac-unit' }, r.unit.name),
      unitRole
        ? ''
        : h(
            'td',
            { 'data-label': '对象', class: 'ac-person' },
            [r.personName, r.personPost].filter(Boolean).join(' · ') || '—',
          ),
      h('td', { 'data-label': '文号', class: 'ac-doc' }, r.documentNumber),
      h(
        'td',
        { 'data-label': '事由', class: 'ac-reason' },
        h('span', { class: 'ac-struck' }, r.reason),
        r.revokedAt
          ? h(
              'div',
              { class: 'ac-revoke-note small' },
              `已撤销：${r.revokeReason ?? ''}（${dateTime(r.revokedAt)}${r.revokedBy ? ` · ${r.revokedBy}` : ''}）`,
            )
          : '',
      ),
      h(
        'td',
        { 'data-label': '涉及问题', class: 'ac-problems' },
        ...r.problems.map((p) =>
          h('div', {}, h('a', { href: `#/issue/${encodeURIComponent(p.id)}`, class: 'mono', title: p.title }, p.code)),
        ),
      ),
      h('td', { 'data-label': '记录', class: 'muted small' }, `${dateTime(r.recordedAt)} · ${r.recordedBy}`),
      h(
        'td',
        {},
        office && !r.revokedAt
          ? h('button', { type: 'button', class: 'btn small ac-revoke', onclick: () => openRevoke(r) }, '撤销')
          : '',
      ),
    );
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← 返回总览')),
    h(
      'div',
      { class: 'list-toolbar' },
      h('h2', {}, '追责问责 ', h('span', { class: 'muted small', id: 'ac-count' }, `共 ${records.length} 条`)),
      h('span', { class: 'spacer' }),
      office
        ? h(
            'button',
            { type: 'button', class: 'btn primary', id: 'ac-record', onclick: () => openRecord(names) },
            '记录追责问责',
          )
        : '',
    ),
    h(
      'p',
      { class: 'muted' },
      unitRole
        ? '整改办对本单位作出的约谈、通报批评和问责决定（按决定日期，新的在前）；每条在所属期间的综合得分中扣分。'
        : '整改办作出的约谈、通报批评和问责决定（按决定日期，新的在前）；每条在所属期间的单位综合得分中扣分，撤销后不再扣分。',
    ),
    form,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'list desk-list', id: 'ac-table' },
        h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          ...(records.length
            ? records.map(row)
            : [h('tr', {}, h('td', { colspan: headers.length, class: 'muted center' }, '没有符合条件的记录'))]),
        ),
      ),
    ),
  );
}

function openRevoke(r) {
  openModalForm({
    title: `撤销追责问责 · ${r.documentNumber}`,
    name: 'revokeAccountability',
    fields: [
      {
        type: 'info',
        text: `${r.unit.name} ${ACCOUNTABILITY_KIND[r.kind]}（${r.decidedOn}）：撤销后保留记录，不再扣分，也不列入周通报。`,
      },
      { name: 'reason', label: '撤销原因', type: 'textarea', required: true, maxlength: 2000 },
    ],
    check: (v) => (!v.reason ? '请填写撤销原因' : null),
    submit: (v) => api(REVOKE, { id: r.id, reason: v.reason }),
    done: async () => {
      toast(`已撤销：${r.documentNumber}`);
      await showAccountability();
    },
  });
}

/** The problems box: the chosen unit's problems, searched, each a checkbox; the chosen ones kept across searches. */
function problemPicker() {
  const chosen = new Map();
  let unitId = '';
  let seq = 0;
  const search = h('input', {
    type: 'search',
    id: 'ac-problem-q',
    placeholder: '编号或问题（可不填）',
    'aria-label': '搜索问题',
  });
  const list = h('div', { class: 'ac-pick', id: 'ac-problems' }, h('p', { class: 'muted small' }, '请先选择单位'));
  const count = h('span', { class: 'muted small', id: 'ac-chosen' }, '已选 0 件');
  const note = () => (count.textContent = `已选 ${chosen.size} 件`);
  async function load() {
    const mine = ++seq;
    if (!unitId) {
      list.replaceChildren(h('p', { class: 'muted small' }, '请先选择单位'));
      return;
    }
    list.replaceChildren(h('p', { class: 'muted small' }, '加载中…'));
    try {
      const filter = { unitId, includeFormer: true, ...(search.value.trim() ? { search: search.value.trim() } : {}) };
      const { issues } = await api(PROBLEMS, { filter });
      if (mine !== seq) return;
      const box = (p) =>
        h(
          'label',
          { class: 'check ac-problem', dataset: { code: p.code } },
          h('input', {
            type: 'checkbox',
            value: p.id,
            checked: chosen.has(p.id),
            onchange: (e) => {
              if (e.currentTarget.checked) chosen.set(p.id, p);
              else chosen.delete(p.id);
              note();
            },
          }),
          h('span', { class: 'mono' }, p.code),
          ' ',
          p.title,
        );
      const nodes = issues.edges.map((e) => e.node);
      list.replaceChildren(
        ...(nodes.length ? nodes.map(box) : [h('p', { class: 'muted small' }, '该单位没有符合条件的问题')]),
        issues.totalCount > nodes.length
          ? h('p', { class: 'muted small' }, `另有 ${issues.totalCount - nodes.length} 件，请输入编号或关键词缩小范围`)
          : '',
      );
    } catch (e) {
      if (mine === seq) list.replaceChildren(h('p', { class: 'error' }, errorText(e)));
    }
  }
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 300);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(timer);
      void load();
    }
  });
  return {
    element: h(
      'div',
      { class: 'field' },
      h('span', {}, '涉及问题（1–100 件，从该单位的问题中选择）', h('em', {}, ' *'), ' ', count),
      search,
      list,
    ),
    setUnit(id) {
      unitId = id;
      chosen.clear();
      note();
      void load();
    },
    chosen: () => [...chosen.keys()],
  };
}

function openRecord(names) {
  const today = shanghaiDay();
  const picker = problemPicker();
  const unit = h(
    'select',
    { name: 'unitId', id: 'ac-record-unit', required: true, onchange: (e) => picker.setUnit(e.currentTarget.value) },
    h('option', { value: '', selected: true, disabled: true }, '请选择单位'),
    ...names.map((u) => h('option', { value: u.id }, u.name)),
  );
  openModalForm({
    title: '记录追责问责',
    name: 'recordAccountability',
    fields: [
      {
        name: 'kind',
        label: '类别',
        type: 'select',
        required: true,
        placeholder: '请选择类别',
        options: Object.entries(ACCOUNTABILITY_KIND),
      },
      {
        type: 'element',
        element: h('label', { class: 'field' }, h('span', {}, '单位', h('em', {}, ' *')), unit),
      },
      { name: 'personName', label: '被约谈或问责人员（可不填）', type: 'text', maxlength: 50 },
      {
        name: 'personPost',
        label: '职务（可不填）',
        type: 'text',
        maxlength: 100,
        placeholder: '如：水江镇主要负责人',
      },
      {
        name: 'documentNumber',
        label: '文号',
        type: 'text',
        required: true,
        maxlength: 100,
        placeholder: '如：区整改办〔2026〕7号',
      },
      { name: 'decidedOn', label: '决定日期', type: 'date', required: true, max: today, value: today },
      { name: 'reason', label: '事由', type: 'textarea', required: true, maxlength: 2000 },
      { type: 'element', element: picker.element },
    ],
    read: () => ({ unitId: unit.value, problemIds: picker.chosen() }),
    check: (v) =>
      !v.kind
        ? '请选择类别'
        : !v.unitId
          ? '请选择单位'
          : !v.documentNumber
            ? '请填写文号'
            : !v.decidedOn || v.decidedOn > shanghaiDay()
              ? '决定日期不能晚于今天'
              : !v.reason
                ? '请填写事由'
                : v.problemIds.length < 1 || v.problemIds.length > PROBLEMS_MAX
                  ? `请选择 1–${PROBLEMS_MAX} 件涉及的问题（已选 ${v.problemIds.length} 件）`
                  : null,
    submit: (v) =>
      api(RECORD, {
        input: {
          kind: v.kind,
          unitId: v.unitId,
          personName: v.personName || null,
          personPost: v.personPost || null,
          documentNumber: v.documentNumber,
          decidedOn: v.decidedOn,
          reason: v.reason,
          problemIds: v.problemIds,
        },
      }),
    done: async () => {
      toast('已记录追责问责');
      await showAccountability();
    },
  });
}
