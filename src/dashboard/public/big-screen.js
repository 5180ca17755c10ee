// The big screen (大屏) runs by itself on a 1920×1080 wall: the panels that share the left slot take turns, a list that
// does not fit its box scrolls itself and loops, and a button asks for full screen (browsers grant it only on a
// click, so ?screen=1 alone cannot). overview.js lays the figures out; this module only moves them.
import { $, params } from './session.js';

const echarts = window.echarts;
/** How long a panel of the rotation stays, at least (?rotate=… seconds, for tests); longer while its list scrolls. */
const DWELL_MS = Math.max(2, Number(params.get('rotate')) || 15) * 1000;
/** Scrolling speed, pixels a second: slow enough to read from a few metres. */
const SPEED = Math.max(5, Number(params.get('scrollSpeed')) || 36);
/** The pause at the top and at the bottom of a scrolled list. */
const PAUSE_MS = 2500;

/** The ECharts theme of the wall: dark, and every label ≥ 18 px (readable from a few metres at 1080p). */
export const SCREEN_THEME = 'rectify-screen';
const LABEL = '#d6e4ff';
const LINE = '#2b4a8f';
const axis = {
  axisLine: { lineStyle: { color: LINE } },
  axisTick: { lineStyle: { color: LINE } },
  axisLabel: { color: LABEL, fontSize: 18 },
  nameTextStyle: { color: LABEL, fontSize: 18 },
  splitLine: { lineStyle: { color: 'rgba(64,169,255,.15)' } },
};
echarts?.registerTheme(SCREEN_THEME, {
  backgroundColor: 'transparent',
  textStyle: { color: LABEL, fontSize: 18 },
  legend: { textStyle: { color: LABEL, fontSize: 18 }, itemWidth: 28, itemHeight: 16 },
  tooltip: { textStyle: { fontSize: 18 } },
  categoryAxis: axis,
  valueAxis: axis,
});

let scrollers = [];
let frame = null;
let turn = null;

/** A box whose rows scroll by themselves: down at SPEED, a pause at the bottom, back to the top, a pause, again. */
function scroller(el) {
  return { el, pos: 0, last: 0, pauseUntil: performance.now() + PAUSE_MS, atBottom: false, reachedEnd: false };
}

function step(s, now) {
  const dt = s.last ? Math.min(100, now - s.last) : 0;
  s.last = now;
  const max = s.el.scrollHeight - s.el.clientHeight;
  if (max <= 1) {
    s.reachedEnd = true; // it fits: nothing to scroll
    return;
  }
  if (now < s.pauseUntil) return;
  if (s.atBottom) {
    s.atBottom = false;
    s.pos = 0;
    s.el.scrollTo({ top: 0, behavior: 'smooth' });
    s.pauseUntil = now + PAUSE_MS;
    return;
  }
  s.pos = Math.min(max, s.pos + (SPEED * dt) / 1000);
  s.el.scrollTop = s.pos;
  if (s.pos >= max) {
    s.atBottom = true;
    s.reachedEnd = true;
    s.pauseUntil = now + PAUSE_MS;
  }
}

function tick(now) {
  for (const s of scrollers) if (s.el.isConnected && s.el.offsetParent !== null) step(s, now);
  frame = requestAnimationFrame(tick);
}

/** The turns of the left slot: the ranking, the map (挂图), the scores and the eco table, then the desk's tables. */
const ORDER = ['rank', 'map', 'scores', 'eco', 'stages', 'supervision', 'rounds'];
const orderOf = (p) => (ORDER.indexOf(p.dataset.screenName) + ORDER.length + 1) % (ORDER.length + 1);
const rotating = () =>
  [...document.querySelectorAll('#dashboard [data-screen="rotate"]')].sort((a, b) => orderOf(a) - orderOf(b));

/** Charts drawn while their panel was hidden have no size: draw them again at the size they are shown. */
export function resizeCharts(root = document) {
  for (const el of root.querySelectorAll('.chart')) echarts?.getInstanceByDom(el)?.resize();
}

function show(index) {
  const panels = rotating();
  if (!panels.length) return;
  const i = ((index % panels.length) + panels.length) % panels.length;
  panels.forEach((p, n) => p.classList.toggle('on-screen', n === i));
  const panel = panels[i];
  const wrap = panel.querySelector('.table-wrap');
  if (wrap) wrap.scrollTop = 0;
  scrollers = scrollers.filter((s) => !s.rotating);
  if (wrap) scrollers.push({ ...scroller(wrap), rotating: true });
  resizeCharts(panel);
  turn = { index: i, since: performance.now(), wrap };
  $('dashboard').dataset.screenPanel = panel.dataset.screenName ?? String(i);
}

/** The next panel once this one has had its time and, when its list scrolls, has been read to the end. */
function maybeTurn() {
  if (!turn) return;
  const s = scrollers.find((x) => x.rotating);
  if (performance.now() - turn.since < DWELL_MS || (s && !s.reachedEnd)) return;
  show(turn.index + 1);
}

let turnTimer = null;
/** A chart's box changes as the panels around it fill (the KPIs arrive, a turn): it is drawn again at its size. */
const boxes =
  typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
        for (const e of entries) if (e.contentRect.height > 0) echarts?.getInstanceByDom(e.target)?.resize();
      })
    : null;

export function startBigScreen() {
  stopBigScreen();
  for (const el of document.querySelectorAll('#dashboard .chart')) boxes?.observe(el);
  const overdue = document.querySelector('#dashboard [data-screen="overdue"] .table-wrap');
  scrollers = overdue ? [scroller(overdue)] : [];
  show(0);
  turnTimer = setInterval(maybeTurn, 500);
  frame = requestAnimationFrame(tick);
  updateFullscreenButton();
}

export function stopBigScreen() {
  clearInterval(turnTimer);
  turnTimer = null;
  boxes?.disconnect();
  if (frame !== null) cancelAnimationFrame(frame);
  frame = null;
  scrollers = [];
  turn = null;
  for (const p of rotating()) p.classList.remove('on-screen');
  delete $('dashboard').dataset.screenPanel;
}

/** After a refresh: the rows may have changed; the charts of the panel on show are drawn at its size. */
export function bigScreenRefreshed() {
  if (!turn) return;
  for (const s of scrollers) s.reachedEnd = s.reachedEnd && s.el.scrollHeight - s.el.clientHeight > 1;
  resizeCharts(document.getElementById('dashboard'));
}

// ---------------------------------------------------------------- full screen

function updateFullscreenButton() {
  const btn = $('fullscreen-btn');
  if (!btn) return;
  btn.textContent = document.fullscreenElement ? '退出全屏' : '全屏';
  btn.setAttribute('aria-pressed', String(Boolean(document.fullscreenElement)));
}

/** On a click only: the Fullscreen API refuses a request without a user's gesture. */
export function toggleFullscreen() {
  const request = document.fullscreenElement
    ? document.exitFullscreen()
    : document.documentElement.requestFullscreen?.({ navigationUI: 'hide' });
  // The request and its outcome are noted on the button (tests read them): a browser may refuse it.
  const btn = $('fullscreen-btn');
  btn.dataset.requested = String(Number(btn.dataset.requested ?? 0) + 1);
  delete btn.dataset.outcome;
  Promise.resolve(request)
    .then(
      () => (btn.dataset.outcome = document.fullscreenElement ? 'entered' : 'left'),
      (e) => (btn.dataset.outcome = `refused: ${e?.message ?? e}`),
    )
    .finally(updateFullscreenButton);
}

document.addEventListener('fullscreenchange', () => {
  updateFullscreenButton();
  requestAnimationFrame(() => resizeCharts(document.getElementById('dashboard') ?? document));
});
