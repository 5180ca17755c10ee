// 打印: the overview prints as one A4 landscape page of the bulletin's figures and charts (style.css, @media print).
// The charts are canvases drawn at their screen size: they are drawn again at the printed size before printing and
// back after; what is still taller than the page is scaled down to it, so the bulletin is never cut onto a second page.
import { addDays } from './common.js';
import { $, api } from './session.js';

const echarts = window.echarts;
/** The printable area of A4 landscape with style.css's 8 mm margins, in CSS pixels (96 per inch). */
const PAGE_HEIGHT_PX = ((210 - 2 * 8) / 25.4) * 96;

let district = null;

/** The print title: the district (as the bulletin names it), the week and the filter. */
export function setPrintTitle(monday, sources) {
  const show = () => {
    $('print-title').textContent =
      `${district ?? ''}督察整改周通报（${monday} 至 ${addDays(monday, 6)}` +
      `${sources.length ? `；问题来源：${sources.join('、')}` : '；全部来源'}）`;
  };
  show();
  if (district === null)
    api('{ districtName }')
      .then((d) => {
        district = d.districtName;
        show();
      })
      .catch(() => undefined);
}

function resizeCharts() {
  for (const el of document.querySelectorAll('#dashboard .chart')) echarts?.getInstanceByDom(el)?.resize();
}

/** Before printing: the print layout is in force (the media query matches); draw the charts at its size, then fit. */
function beforePrint() {
  document.body.style.zoom = '';
  resizeCharts();
  // Scaled type wraps differently (and browsers keep a minimum font size): measure again until it fits.
  const height = () => $('dashboard').getBoundingClientRect().height;
  let zoom = 1;
  for (let i = 0; i < 4 && height() > PAGE_HEIGHT_PX && zoom > 0.3; i++) {
    zoom = Math.floor(zoom * (PAGE_HEIGHT_PX / height()) * 100) / 100;
    document.body.style.zoom = String(zoom);
  }
}

function afterPrint() {
  document.body.style.zoom = '';
  requestAnimationFrame(resizeCharts);
}

const print = window.matchMedia('print');
// The print dialog fires beforeprint/afterprint; a headless browser emulating print media, the query's change.
window.addEventListener('beforeprint', beforePrint);
window.addEventListener('afterprint', afterPrint);
print.addEventListener('change', (e) => (e.matches ? beforePrint() : afterPrint()));
