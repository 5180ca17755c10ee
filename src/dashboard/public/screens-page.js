// 大屏令牌: the office issues a token for a named wall screen (read-only, reads as a leader), lists them and revokes
// them. The wall PC opens the address given once; the page keeps the token there across reboots (session.js).
import { dateTime, errorText, h } from './common.js';
import { ACTOR } from './labels.js';
import { $, api, state, toast } from './session.js';

const LIST = `{ tokens { id prefix label screen createdAt createdBy lastUsedAt } }`;
const CREATE = `mutation($name: String!) { createScreenToken(name: $name) { token label } }`;
const REVOKE = `mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }`;

/** The address the wall opens: the big screen, with the token in the fragment (never sent to the service). */
const wallUrl = (token) => `${location.origin}/?screen=1#screen-token=${encodeURIComponent(token)}`;

export async function showScreens() {
  for (const id of ['dashboard', 'issue-view', 'policies-view']) $(id).hidden = true;
  const view = $('screens-view');
  view.hidden = false;
  if (state.me.role !== 'OFFICE') {
    view.replaceChildren(h('p', { class: 'error' }, '只有整改办可以管理大屏令牌'));
    return;
  }
  view.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
  try {
    const { tokens } = await api(LIST);
    render(
      view,
      tokens.filter((t) => t.screen),
    );
  } catch (e) {
    view.replaceChildren(h('p', { class: 'error' }, `加载失败：${errorText(e)}`));
  }
}

function render(view, screens, issued = null) {
  const name = h('input', {
    id: 'screen-name',
    required: true,
    maxlength: 100,
    placeholder: '如：指挥中心大屏',
    'aria-label': '大屏名称',
  });
  const form = h(
    'form',
    {
      class: 'screen-token-form',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          const { createScreenToken } = await api(CREATE, { name: name.value });
          const { tokens } = await api(LIST);
          render(
            view,
            tokens.filter((t) => t.screen),
            createScreenToken,
          );
        } catch (err) {
          toast(`生成失败：${errorText(err)}`);
        }
      },
    },
    h('label', {}, '大屏名称 ', name),
    h('button', { class: 'btn primary', type: 'submit' }, '生成大屏令牌'),
  );
  view.replaceChildren(
    h('h2', {}, '大屏令牌'),
    h(
      'p',
      { class: 'muted' },
      '为指定的大屏生成只读令牌：按区领导的范围查看全区数据，不能办理、上传或修改任何内容。大屏电脑打开下面的地址后会记住令牌，重启后自动登录；吊销后大屏回到登录页。',
    ),
    form,
    issued
      ? h(
          'div',
          { class: 'issued', id: 'screen-issued', dataset: { token: issued.token } },
          h('p', {}, `「${issued.label}」的令牌只显示这一次，请在大屏电脑上打开：`),
          h('p', {}, h('code', { class: 'mono', id: 'screen-url' }, wallUrl(issued.token))),
          h('p', { class: 'muted small' }, '或打开 ', h('code', {}, `${location.origin}/?screen=1`), ' 后输入令牌：'),
          h('p', {}, h('code', { class: 'mono' }, issued.token)),
        )
      : '', // (replaceChildren writes a null as the text "null")
    h(
      'table',
      { class: 'list', id: 'screens-table' },
      h('thead', {}, h('tr', {}, ...['大屏名称', '令牌前缀', '生成', '最近使用', ''].map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        ...(screens.length
          ? screens.map((t) =>
              h(
                'tr',
                { dataset: { id: t.id } },
                h('td', {}, t.label ?? '（未命名）'),
                h('td', { class: 'mono' }, `${t.prefix}…`),
                h('td', {}, `${dateTime(t.createdAt)}${t.createdBy ? ` · ${ACTOR[t.createdBy] ?? t.createdBy}` : ''}`),
                h('td', {}, t.lastUsedAt ? dateTime(t.lastUsedAt) : '从未使用'),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn small',
                      onclick: async () => {
                        if (!confirm(`吊销「${t.label}」的令牌？大屏将回到登录页。`)) return;
                        try {
                          await api(REVOKE, { id: t.id });
                          toast(`已吊销「${t.label}」`);
                          await showScreens();
                        } catch (err) {
                          toast(`吊销失败：${errorText(err)}`);
                        }
                      },
                    },
                    '吊销',
                  ),
                ),
              ),
            )
          : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, '尚未生成大屏令牌'))]),
      ),
    ),
  );
}
