// 挂图作战: the office's dashboard. Plain ES modules, no build step; talks only to /graphql and /reports on this service.
// This module signs in and out, follows live events, routes between the views and starts the page.
import { ApiError, errorText, gql, ROLE } from './common.js';
import { ACTOR } from './labels.js';
import { closeModal } from './event-forms.js';
import { createInbox } from './inbox.js';
import { showIssue } from './issue-page.js';
import { setupDrillDown, showList } from './list-page.js';
import { showPolicies } from './policies-page.js';
import { toggleFullscreen } from './big-screen.js';
import { loadDashboard, setScreen, setupFilters } from './overview.js';
import { showScreens } from './screens-page.js';
import { showLookback } from './lookback-page.js';
import { showAccountability } from './accountability-page.js';
import { $, api, onWall, SCREEN_TOKEN_KEY, state, TOKEN_KEY, whenTokenStops } from './session.js';
import { loadWorklist } from './worklist.js';
import { isCityCaller, leaveDistrict, showCity, showDistrictBanner } from './city-page.js';

/** Events this close together reload the dashboard once. */
const LIVE_BURST_MS = 1000;
/** The inbox is read again this long after an event: its notifications are planned on the service's beat, after it. */
const INBOX_AFTER_EVENT_MS = 2500;
/** The views besides the overview, one shown at a time. */
const PAGES = [
  'city-view',
  'issue-view',
  'policies-view',
  'list-view',
  'screens-view',
  'lookback-view',
  'accountability-view',
];

// The inbox is the token's own, never narrowed to a district the city reads.
const inbox = createInbox((query, variables) => api(query, variables, null), $);
whenTokenStops((message) => signOut(message));

const ME = `{ me { role label screen unit { id name } } }`;

// ---------------------------------------------------------------- sign-in

async function signIn(token) {
  const { me } = await gql(ME, {}, token);
  state.token = token;
  state.me = me;
  if (me.screen) {
    // The wall's token outlives the tab (a reboot of the wall PC), for the big screen only.
    localStorage.setItem(SCREEN_TOKEN_KEY, token);
    sessionStorage.removeItem(TOKEN_KEY);
  } else {
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  followLive();
  void inbox.refresh();
}

/** `keep`: the service could not be reached — the wall keeps its token and tries again. */
function signOut(message = '', keep = false) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (!keep) localStorage.removeItem(SCREEN_TOKEN_KEY);
  state.token = null;
  state.me = null;
  state.live?.dispose();
  state.live = null;
  state.liveStop = null;
  leaveDistrict();
  inbox.close();
  if (state.screen) setScreen(false);
  $('login-error').textContent = message;
  showLogin();
}

/**
 * Live: each event the caller may see (issueEvents over graphql-ws, the same token) reloads the dashboard, once per
 * burst. The big screen's timer stays as the fallback when the connection is down.
 */
function followLive() {
  const ws = window.graphqlWs;
  if (state.live || !ws) return;
  state.live = ws.createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${state.token}` },
    retryAttempts: Infinity,
  });
  subscribeLive();
}

/** The subscription, for the district a city caller reads (if any): opened again when that district changes. */
function subscribeLive() {
  state.liveStop?.();
  state.liveDistrict = state.district?.id ?? null;
  let waiting = null;
  let inboxWaiting = null;
  state.liveStop = state.live.subscribe(
    {
      query: 'subscription($d: ID) { issueEvents(districtId: $d) { seq } }',
      variables: { d: state.district?.id ?? null },
    },
    {
      next: () => {
        waiting ??= setTimeout(() => {
          waiting = null;
          if (state.me && !$('dashboard').hidden) void loadDashboard();
          if (state.me && !$('dashboard').hidden) void loadWorklist();
        }, LIVE_BURST_MS);
        inboxWaiting ??= setTimeout(() => {
          inboxWaiting = null;
          if (state.me) void inbox.refresh();
        }, INBOX_AFTER_EVENT_MS);
      },
      error: () => {},
      complete: () => {},
    },
  );
}

// The city opened a district, or went back to the whole city (city-page.js): followed again if it changed.
window.addEventListener('rectify-district', () => {
  if (state.live && state.liveDistrict !== (state.district?.id ?? null)) subscribeLive();
});

function showLogin() {
  for (const id of ['dashboard', ...PAGES, 'who', 'top-actions']) $(id).hidden = true;
  $('login').hidden = false;
  $('token').focus();
}

function showWho() {
  const { role, label, unit } = state.me;
  // The token's label is the name people gave it; said once when it repeats the role or the unit (区领导 · 区领导).
  $('who').textContent = [...new Set([ROLE[role] ?? role, unit?.name, ACTOR[label] ?? label].filter(Boolean))].join(
    ' · ',
  );
  $('who').hidden = false;
  $('top-actions').hidden = false;
  $('screens-link').hidden = role !== 'OFFICE';
  $('city-link').hidden = !isCityCaller();
  // readLookbacks and readAccountability (src/auth/policy.ts): every role; a screen token is the wall's, not a desk's.
  $('lookback-link').hidden = state.me.screen;
  $('accountability-link').hidden = state.me.screen;
  $('screen-btn').hidden = state.me.screen; // a screen token is the wall: always the big screen
  $('login').hidden = true;
}

// ---------------------------------------------------------------- routing

function route() {
  if (!state.me) return showLogin();
  showWho();
  for (const id of PAGES) if (id !== 'issue-view') $(id).hidden = true;
  // The city's roles open on the city (city-page.js); a district opened from it reads as that district, read-only.
  if (isCityCaller() && location.hash.startsWith('#/city')) leaveDistrict();
  showDistrictBanner();
  if (isCityCaller() && !state.district && /^(#\/?|#\/city.*)?$/.test(location.hash)) {
    $('dashboard').hidden = true;
    $('issue-view').hidden = true;
    return showCity();
  }
  const m = /^#\/issue\/([^/?#]+)/.exec(location.hash);
  if (m) return showIssue(decodeURIComponent(m[1]));
  if (/^#\/(lookback|accountability)([/?]|$)/.test(location.hash)) {
    $('dashboard').hidden = true;
    $('issue-view').hidden = true;
    return location.hash.startsWith('#/lookback') ? showLookback() : showAccountability();
  }
  if (location.hash.startsWith('#/policies')) return showPolicies();
  if (location.hash.startsWith('#/screens')) return showScreens();
  if (/^#\/list(\?|$)/.test(location.hash)) return showList();
  $('issue-view').hidden = true;
  $('dashboard').hidden = false;
  void loadWorklist();
  return loadDashboard();
}

// ---------------------------------------------------------------- start

async function start() {
  setupFilters();
  setupDrillDown();
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    $('login-error').textContent = '';
    try {
      await signIn(token);
      $('token').value = '';
      if (onWall || state.me.screen) setScreen(true);
      await route();
    } catch (err) {
      $('login-error').textContent =
        err instanceof ApiError && err.code === 'UNAUTHENTICATED' ? '令牌无效，请检查后重试' : errorText(err);
    }
  });
  $('logout-btn').addEventListener('click', () => signOut());
  $('screen-btn').addEventListener('click', () => {
    setScreen(!state.screen);
    if (state.screen && location.hash.startsWith('#/list')) location.hash = '#/'; // the wall shows the figures
  });
  $('fullscreen-btn').addEventListener('click', toggleFullscreen);
  $('modal-cancel').addEventListener('click', closeModal);
  $('lightbox').addEventListener('click', () => ($('lightbox').hidden = true));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      closeModal();
      $('lightbox').hidden = true;
    }
  });
  window.addEventListener('hashchange', () => void route());

  // The address the office gave the wall (大屏令牌): the token in the fragment, taken once and out of the address bar.
  const given = /^#screen-token=([^&]+)$/.exec(location.hash);
  if (given) {
    state.token = decodeURIComponent(given[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  if (state.token) {
    try {
      await signIn(state.token);
    } catch (e) {
      const stopped = e instanceof ApiError && e.code === 'UNAUTHENTICATED';
      signOut(stopped ? '登录已失效，请重新登录' : errorText(e), !stopped);
      // A wall that booted before the service did: its kept token is tried again in a while.
      if (!stopped && onWall && localStorage.getItem(SCREEN_TOKEN_KEY)) setTimeout(() => location.reload(), 30_000);
      return;
    }
  }
  if (state.me && (onWall || state.me.screen)) setScreen(true);
  await route();
}

void start();
