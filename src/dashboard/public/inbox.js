// 消息: the signed-in unit's inbox (a leader's and the office's: the daily digest) — the unread count on the top bar,
// the latest notifications in a panel under it, each opening its problem.
import { dateTime, errorText, h } from './common.js';

const LATEST = `query { unreadNotificationCount notifications(first: 30) { id issueId text createdAt readAt } }`;
const COUNT = `query { unreadNotificationCount }`;
const MARK = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;

/** `api(query, variables)` is the page's, with its token. */
export function createInbox(api, $) {
  const panel = $('inbox');
  const badge = $('inbox-count');

  function showCount(n) {
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.hidden = n === 0;
    $('inbox-btn').setAttribute('aria-label', n ? `消息，${n} 条未读` : '消息');
  }

  async function refresh() {
    try {
      showCount((await api(COUNT)).unreadNotificationCount);
    } catch {
      /* the count waits for the next event */
    }
  }

  async function open() {
    panel.hidden = false;
    const list = $('inbox-list');
    try {
      const { unreadNotificationCount, notifications } = await api(LATEST);
      showCount(unreadNotificationCount);
      list.replaceChildren(
        ...(notifications.length ? notifications.map((n) => item(n)) : [h('li', { class: 'muted' }, '暂无消息')]),
      );
    } catch (e) {
      list.replaceChildren(h('li', { class: 'error' }, errorText(e)));
    }
  }

  function item(n) {
    const read = async () => {
      if (!n.readAt) await api(MARK, { ids: [n.id] }).catch(() => undefined);
      panel.hidden = true;
      await refresh();
      if (n.issueId) location.hash = `#/issue/${n.issueId}`;
    };
    return h(
      'li',
      { class: n.readAt ? 'read' : 'unread', dataset: { id: n.id } },
      h('button', { type: 'button', class: 'inbox-item', onclick: read }, h('span', {}, n.text)),
      h('time', { class: 'muted small', datetime: n.createdAt }, dateTime(n.createdAt)),
    );
  }

  $('inbox-btn').addEventListener('click', () => (panel.hidden ? open() : (panel.hidden = true)));
  $('inbox-all-read').addEventListener('click', async () => {
    await api(MARK, {}).catch(() => undefined);
    await open();
  });

  return {
    refresh,
    close: () => {
      panel.hidden = true;
      showCount(0);
    },
  };
}
