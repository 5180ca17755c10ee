// 导入交办清单 (the office): choose an xlsx or CSV list, check it (POST /imports?dryRun=true), read the report row by
// row, then 确认导入 files it for real. The service's reasons are English (curl and scripts read them too); the page
// says them in Chinese.
import { ApiError, errorText, h } from './common.js';
import { $, state, toast } from './session.js';

/** The validator's reasons (src/imports/handover-rows.validator.ts, handover-sheet.parser.ts), in Chinese. */
const REASONS = [
  [/^The cell is empty, but the row has a 整改时限 or 配合单位$/, () => '未填写，但该行填写了整改时限或配合单位'],
  [/^The cell is empty, but the row has a 牵头单位$/, () => '未填写，但该行填写了牵头单位'],
  [/^The cell is empty$/, () => '未填写（必填）'],
  [
    /^(".*") is not a known source/,
    (m) => `${m[1]} 不是可识别的来源（中央…、市级…、暗访…、专项…、举报/信访/12345/12369、自查/举一反三）`,
  ],
  [/^(".*") is not a category/, (m) => `${m[1]} 不是可识别的类别（大气、水、土壤、固体废物、噪声、生态、辐射、其他）`],
  [
    /^(".*") is not a date/,
    (m) => `${m[1]} 不是日期（如 2026-06-30、2026/6/30、2026年6月30日），也不是“立行立改”或“长期坚持”`,
  ],
  [/^(\S+) is not in the future$/, (m) => `${m[1]} 已过，整改时限须晚于今天`],
  [/^The code (.+) is already on row (\d+)$/, (m) => `编号 ${m[1]} 与第 ${m[2]} 行重复`],
  [/^A code is 1 to 64/, () => '编号须为 1 至 64 个字母、数字或“-”“_”“.”'],
  [/^This is the template's example row/, () => '这是模板的示例行，请替换为实际问题或删除'],
  [/^Longer than (\d+) characters$/, (m) => `超过 ${m[1]} 个字`],
  [/^Only a complaint/, () => '只有举报类问题（来源为举报/信访/12345/12369，或填写了投诉渠道）才填写举报人信息'],
  [/^(.+) is the lead unit \(牵头单位\)$/, (m) => `${m[1]} 已是牵头单位，不能同时为配合单位`],
  [/^(\d+) units are named (.+); give its code$/, (m) => `有 ${m[1]} 个单位名为 ${m[2]}，请填写单位编码`],
  [/^No unit named or coded (.+)$/, (m) => `没有名称或编码为 ${m[1]} 的单位`],
  [/^The cell contains U\+0000/, () => '含有无法保存的字符'],
  [/^The column (.+) appears more than once$/, (m) => `“${m[1]}”列出现了不止一次`],
  [
    /^The required column (\S+)(?: \(or (\S+)\))? is missing$/,
    (m) => `缺少必填列“${m[1]}”${m[2] ? `（或“${m[2]}”）` : ''}`,
  ],
  [/^The list has no rows under its header$/, () => '表头下没有数据行'],
  [/^A list may have at most (\d+) rows/, (m) => `清单最多 ${m[1]} 行，请拆分后分批导入`],
  [/^A list may have at most (\d+) cells/, (m) => `清单最多 ${m[1]} 个单元格，请拆分后分批导入`],
  [/^The file is empty$/, () => '文件是空的'],
  [/^Old \.xls files/, () => '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV'],
  [/^The file is neither/, () => '文件既不是 xlsx 工作簿，也不是 CSV 文本'],
  [/^The file is a zip but not a readable xlsx/, () => '文件无法作为 xlsx 工作簿读取，请用 Excel 或 WPS 另存后重试'],
  [/^The cells of the list hold too much text/, () => '清单的文字过多，无法导入，请拆分后分批导入'],
  [/save the list as xlsx or CSV$/, () => '无法识别文件的文字编码，请另存为 xlsx 或 UTF-8 编码的 CSV'],
  [/^Send the list as the multipart/, () => '请先选择清单文件'],
];

export function reasonText(reason) {
  for (const [pattern, say] of REASONS) {
    const m = pattern.exec(reason);
    if (m) return say(m);
  }
  // The service already says some reasons in Chinese (a place's): those read as they are (an English reason has
  // lowercase words; a Chinese one at most names like WGS-84).
  if (/[\u4e00-\u9fff]/.test(reason) && !/[a-z]{3,}/.test(reason)) return reason;
  return '内容有误，请对照模板检查';
}

/** What a refused import says: the file's own problem, or the general meaning of the service's reply. */
function refusalText(e, status) {
  if (status === 413) return '文件过大（不超过 10 MB），请拆分后分批导入';
  if (e instanceof ApiError && e.code === 'BAD_USER_INPUT') return reasonText(e.message);
  if (e instanceof ApiError && e.code.startsWith('HTTP_')) return `服务暂时出错（${status}），请稍后再试`;
  if (status >= 500) return '服务暂时出错，请稍后再试';
  return errorText(e);
}

/** POSTs the file; the report, or { refused, rowErrors } with the reasons in Chinese. */
async function send(file, dryRun) {
  const body = new FormData();
  body.append('file', file);
  let res;
  try {
    res = await fetch(`/imports?dryRun=${dryRun}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${state.token}` },
      body,
    });
  } catch (e) {
    return { refused: errorText(e), rowErrors: [] };
  }
  const json = await res.json().catch(() => null);
  if (res.ok && json && typeof json.rows === 'number') return { report: json };
  const error = json?.errors?.[0];
  const apiError = error
    ? new ApiError(error.extensions?.code ?? 'ERROR', error.message ?? '', error.extensions ?? {})
    : new ApiError(`HTTP_${res.status}`, '');
  const rowErrors = Array.isArray(error?.extensions?.errors) ? error.extensions.errors : [];
  return {
    refused: rowErrors.length ? `清单有 ${rowErrors.length} 处错误，未导入任何问题` : refusalText(apiError, res.status),
    rows: error?.extensions?.rows,
    rowErrors,
  };
}

/** Builds the panel under the list's toolbar; `imported` runs after a real import. */
export function setupImport(imported) {
  const panel = $('import-panel');
  const file = h('input', { type: 'file', id: 'import-file', accept: '.xlsx,.csv,text/csv', 'aria-label': '清单文件' });
  const check = h('button', { type: 'button', class: 'btn', id: 'import-check', disabled: true }, '预检');
  const confirm = h(
    'button',
    { type: 'button', class: 'btn primary', id: 'import-confirm', disabled: true },
    '确认导入',
  );
  const report = h('div', { class: 'import-report', id: 'import-report', 'aria-live': 'polite' });
  panel.replaceChildren(
    h('h3', {}, '导入交办清单'),
    h(
      'p',
      { class: 'muted small' },
      '支持 xlsx 或 CSV。先预检（不会登记任何问题），确认无误后再导入。',
      h('a', { href: '/imports/template.xlsx', download: '交办清单模板.xlsx' }, '下载模板'),
    ),
    h('div', { class: 'import-actions' }, file, check, confirm),
    report,
  );
  let checked = null; // the file a clean dry run passed

  const done = (el) => {
    report.replaceChildren(...[el].flat());
    report.dataset.done = String(Number(report.dataset.done ?? 0) + 1);
  };

  file.addEventListener('change', () => {
    checked = null;
    check.disabled = !file.files?.length;
    confirm.disabled = true;
    report.replaceChildren();
  });

  check.addEventListener('click', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    check.disabled = true;
    confirm.disabled = true;
    report.replaceChildren(h('p', { class: 'muted' }, '正在预检…'));
    const result = await send(chosen, true);
    check.disabled = false;
    if (result.report) {
      checked = chosen;
      confirm.disabled = result.report.rows - result.report.skipped.length === 0;
      done(dryRunReport(result.report));
    } else {
      done(refusal(result));
    }
  });

  confirm.addEventListener('click', async () => {
    if (!checked) return;
    confirm.disabled = true;
    check.disabled = true;
    report.replaceChildren(h('p', { class: 'muted' }, '正在导入…'));
    const result = await send(checked, false);
    check.disabled = false;
    if (result.report) {
      const r = result.report;
      checked = null;
      file.value = '';
      check.disabled = true;
      const text = `已导入 ${r.created} 件问题${r.skipped.length ? `，${r.skipped.length} 件编号已存在未重复登记` : ''}`;
      done([h('p', { class: 'import-ok', id: 'import-result', dataset: { created: r.created } }, text), linesTable(r)]);
      toast(text);
      imported();
    } else {
      confirm.disabled = false;
      done(refusal(result));
    }
  });

  $('import-btn').addEventListener('click', () => {
    panel.hidden = !panel.hidden;
  });
}

/** The report row by row: each row's code and what became (or, in a dry run, would become) of it. */
function linesTable(r) {
  const status = { NEW: r.dryRun ? '可导入' : '已导入', ON_FILE: '编号已存在，跳过' };
  return table(
    ['行号', '编号', '状态'],
    r.lines.map((l) => [String(l.row), l.code, status[l.status] ?? l.status]),
    r.lines.map((l) => l.row),
  );
}

/** A clean dry run: how many rows, then each row with its code and what would become of it. */
function dryRunReport(r) {
  const toFile = r.rows - r.skipped.length;
  return [
    h(
      'p',
      { class: 'import-ok', id: 'import-summary', dataset: { rows: r.rows, errors: 0 } },
      `预检通过：共 ${r.rows} 行，可导入 ${toFile} 件`,
      r.skipped.length ? `，${r.skipped.length} 件编号已存在将跳过` : '',
      toFile ? '。请点击“确认导入”。' : '。',
    ),
    linesTable(r),
  ];
}

/** A refused list: every row's errors, by row and column. */
function refusal(result) {
  return [
    h(
      'p',
      { class: 'error', id: 'import-summary', dataset: { errors: result.rowErrors.length } },
      result.refused,
      typeof result.rows === 'number' ? `（共 ${result.rows} 行）` : '',
    ),
    result.rowErrors.length
      ? table(
          ['行号', '状态', '列', '问题'],
          result.rowErrors.map((e) => [String(e.row), '有误', e.column ?? '整行', reasonText(e.reason)]),
          result.rowErrors.map((e) => e.row),
        )
      : '',
  ];
}

function table(head, rows, rowNumbers = []) {
  return h(
    'table',
    { class: 'list import-rows' },
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))),
    h(
      'tbody',
      {},
      ...rows.map((cells, i) =>
        h(
          'tr',
          { dataset: rowNumbers[i] === undefined ? {} : { row: rowNumbers[i] } },
          ...cells.map((c, j) => h('td', { 'data-label': head[j] }, c)),
        ),
      ),
    ),
  );
}
