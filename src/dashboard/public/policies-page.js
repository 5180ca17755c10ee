// 销号流程设置: each source's road to 销号 — which steps besides the office's acceptance, in their order. Everyone reads
// them; the office sets them (a change applies to problems entering a step afterwards).
import { errorText, h, roadText, SIGN_OFF_STEP, SOURCE } from './common.js';
import { $, api, state, toast } from './session.js';

const POLICIES = `{ closurePolicies { source steps updatedAt updatedBy } }`;
const SET = `mutation($source: IssueSource!, $steps: [SignOffStep!]!) {
  setClosurePolicy(source: $source, steps: $steps) { source steps updatedAt updatedBy }
}`;
const STEPS = Object.keys(SIGN_OFF_STEP);

export async function showPolicies() {
  for (const id of ['dashboard', 'issue-view']) $(id).hidden = true;
  const view = $('policies-view');
  view.hidden = false;
  view.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
  try {
    const { closurePolicies } = await api(POLICIES);
    render(view, closurePolicies);
  } catch (e) {
    view.replaceChildren(h('p', { class: 'error' }, `加载失败：${errorText(e)}`));
  }
}

function render(view, policies) {
  const office = state.me.role === 'OFFICE';
  const row = (p) => {
    const boxes = STEPS.map((step) =>
      h(
        'td',
        { class: 'center' },
        h('input', {
          type: 'checkbox',
          name: step,
          checked: p.steps.includes(step),
          disabled: !office,
          'aria-label': `${SOURCE[p.source]} ${SIGN_OFF_STEP[step]}`,
        }),
      ),
    );
    const tr = h(
      'tr',
      { dataset: { source: p.source } },
      h('th', {}, SOURCE[p.source] ?? p.source),
      ...boxes,
      h('td', { class: 'road' }, roadText(p.steps)),
      h('td', { class: 'muted small' }, p.updatedAt ? `${p.updatedBy} 设置` : '默认'),
    );
    if (office)
      tr.append(
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'btn small',
              onclick: async () => {
                const steps = STEPS.filter((s) => tr.querySelector(`input[name=${s}]`).checked);
                try {
                  const { setClosurePolicy } = await api(SET, { source: p.source, steps });
                  tr.querySelector('.road').textContent = roadText(setClosurePolicy.steps);
                  toast(`已保存：${SOURCE[p.source]}的销号流程`);
                } catch (e) {
                  toast(`保存失败：${errorText(e)}`);
                }
              },
            },
            '保存',
          ),
        ),
      );
    return tr;
  };
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← 返回总览')),
    h('h2', {}, '销号流程设置'),
    h(
      'p',
      { class: 'muted' },
      '各来源问题在整改办验收前后须经过的签批环节。主管部门审核只对交办时指定了行业主管部门的问题适用；修改后对此后进入相应环节的问题生效，已在流程中的问题不受影响。',
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'list', id: 'policies-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, '来源'),
            ...STEPS.map((s) => h('th', {}, SIGN_OFF_STEP[s])),
            h('th', {}, '流程'),
            h('th', {}, ''),
            ...(office ? [h('th', {}, '')] : []),
          ),
        ),
        h('tbody', {}, ...policies.map(row)),
      ),
    ),
  );
}
