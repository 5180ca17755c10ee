// 消息: the signed-in unit's inbox (a leader's and the office's: the daily digest) — the unread count on the top bar,
// the notifications in a panel under it, newest first, a page at a time, each opening its problem.
import { dateTime, errorText, h } from './common.js';

const PAGE = 30;
const PAGE_QUERY = `query($first: Int, $after: String) {
  unreadNotificationCount notifications(first: $first, after: $after) { id issueId text createdAt readAt }
}`;
const COUNT = `query { unreadNotificationCount }`;
const MARK = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;

/** `api(query, variables)` is the page's, with its token. */
export function createInbox(api, $) {
  const panel = $('inbox');
  const badge = $('inbox-count');
  const list = $('inbox-list');
  const more = $('inbox-more');
  let last = null;

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

  /** The first page (`after` null) or the next one, appended. */
  async function load(after) {
    try {
      const { unreadNotificationCount, notifications } = await api(PAGE_QUERY, { first: PAGE, after });
      showCount(unreadNotificationCount);
      const items = notifications.map(item);
      if (after === null) list.replaceChildren(...(items.length ? items : [h('li', { class: 'muted' }, '暂无消息')]));
      else list.append(...items);
      last = notifications.at(-1)?.id ?? last;
      more.hidden = notifications.length < PAGE;
    } catch (e) {
      list.replaceChildren(h('li', { class: 'error' }, errorText(e)));
      more.hidden = true;
    }
  }

  function open() {
    panel.hidden = false;
    last = null;
    void load(null);
  }

  const close = () => (panel.hidden = true);

  function item(n) {
    const read = async () => {
      if (!n.readAt) await api(MARK, { ids: [n.id] }).catch(() => undefined);
      close();
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

  $('inbox-btn').addEventListener('click', (e) => {
    e.stopPropagation();
    if (panel.hidden) open();
    else close();
  });
  $('inbox-close').addEventListener('click', close);
  more.addEventListener('click', () => void load(last));
  $('inbox-all-read').addEventListener('click', async () => {
    await api(MARK, {}).catch(() => undefined);
    open();
  });
  // Escape, or a tap outside the panel, closes it.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !panel.contains(e.target)) close();
  });

  return {
    refresh,
    close: () => {
      close();
      showCount(0);
    },
  };
}
