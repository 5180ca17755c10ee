// The blank list the office hands to inspection teams: the headers the importer reads, one example row, dropdowns
// for 来源 and 类别, and a sheet saying what each column takes.
import ExcelJS from 'exceljs';
import { ENTERED_FIELDS, enteredText, type EnteredLabel } from '../issues/entered-fields.js';
import type { EnteredText } from '../issues/issue.record.js';
import { EXAMPLE_CODE, HANDOVER_HEADERS, type HandoverHeader } from './handover-columns.js';

const SOURCE_CHOICES = [
  '中央生态环境保护督察',
  '市级生态环境保护例行督察',
  '市区两级暗访督察',
  '专项督察',
  '长江警示片',
  '群众举报',
  '信访投诉',
  '12345',
  '12369',
  '举一反三自查',
];
const CATEGORY_CHOICES = ['大气', '水', '土壤', '固体废物', '噪声', '生态', '辐射', '其他'];
/** Rows given dropdowns; a longer list still imports, it just has no dropdown further down. */
const DROPDOWN_ROWS = 1000;

const NOTES: Record<HandoverHeader, string> = {
  ...enteredColumns((t) => t.note),
  编号: '必填。交办编号，字母、数字、- _ .，同一编号只导入一次（再次导入时跳过）',
  来源: '必填。中央…、市级…、暗访…、专项…/警示片、举报/信访/12345/12369、自查/举一反三',
  问题: '选填。问题标题；不填时取问题描述的第一句（至多200字）',
  问题描述: '必填（或填“问题”）。问题的详细描述',
  类别: '必填。大气、水、土壤、固体废物、噪声、生态、辐射、其他',
  牵头单位: '选填。单位名称或代码；填写后须填整改时限，导入即交办',
  配合单位: '选填。多个单位用顿号、逗号、分号或空格分隔；须先填牵头单位',
  整改时限: '选填。日期（2026-06-30、2026/6/30、2026年6月30日，当日24时到期）、立行立改 或 长期坚持；须先填牵头单位',
  举报人: '仅群众举报/信访件填写，不公开',
  联系电话: '仅群众举报/信访件填写，不公开',
  投诉渠道: '仅群众举报/信访件填写，如 12345、12369',
  经度: '选填。经度（73–136），与纬度同时填写，如 107.0991',
  纬度: '选填。纬度（3–54），与经度同时填写，如 29.1577',
  坐标系: '选填。WGS84（GPS、手机定位）或 GCJ02（高德、腾讯地图）；不填按 WGS84',
};

const TEXT_COLUMNS = new Set<string>(['编号', '联系电话', ...ENTERED_FIELDS.map((f) => enteredText(f).label)]);

/** One thing of each entered field's column, by its header. */
function enteredColumns(pick: (t: EnteredText) => string): Record<EnteredLabel, string> {
  return Object.fromEntries(ENTERED_FIELDS.map((f) => [enteredText(f).label, pick(enteredText(f))])) as Record<
    EnteredLabel,
    string
  >;
}

export async function buildHandoverTemplate(exampleDueDay: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Rectify';
  const list = book.addWorksheet('交办清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = HANDOVER_HEADERS.map((header) => ({
    header,
    key: header,
    width: header === '问题描述' ? 50 : header === '问题' ? 30 : 16,
    // Codes, phone numbers and entered text are text: Excel would otherwise turn 0231234567 into a number, dropping the 0.
    style: TEXT_COLUMNS.has(header) ? { numFmt: '@' } : {},
  }));
  list.getRow(1).font = { bold: true };
  HANDOVER_HEADERS.forEach((h, i) => {
    list.getRow(1).getCell(i + 1).note = NOTES[h];
  });
  const example: Record<HandoverHeader, string | Date> = {
    ...enteredColumns((t) => t.example),
    编号: EXAMPLE_CODE,
    来源: '中央生态环境保护督察',
    问题: '农村黑臭水体整治不到位',
    问题描述: '村内沟渠黑臭，生活污水直排。示例行：导入前请改为实际问题或删除。',
    类别: '水',
    牵头单位: '水江镇',
    配合单位: '区生态环境局、区水利局',
    整改时限: new Date(`${exampleDueDay}T00:00:00.000Z`),
    举报人: '',
    联系电话: '',
    投诉渠道: '',
    经度: '',
    纬度: '',
    坐标系: '',
  };
  const row = list.addRow(example);
  row.font = { italic: true, color: { argb: 'FF808080' } };
  list.getColumn('整改时限').numFmt = 'yyyy-mm-dd';

  const sourceCol = HANDOVER_HEADERS.indexOf('来源') + 1;
  const categoryCol = HANDOVER_HEADERS.indexOf('类别') + 1;
  for (let r = 2; r <= DROPDOWN_ROWS + 1; r++) {
    // A suggestion, not a rule: "第三轮中央生态环境保护督察" is as good as the listed label.
    list.getCell(r, sourceCol).dataValidation = {
      type: 'list',
      allowBlank: true,
      showErrorMessage: false,
      formulae: [`"${SOURCE_CHOICES.join(',')}"`],
    };
    list.getCell(r, categoryCol).dataValidation = {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      formulae: [`"${CATEGORY_CHOICES.join(',')}"`],
    };
  }

  const help = book.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'h', width: 12 },
    { header: '填写说明', key: 'n', width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  for (const h of HANDOVER_HEADERS) help.addRow({ h, n: NOTES[h] });
  help.addRow({});
  help.addRow({
    h: '注意',
    n: '第2行为示例，导入前请改为实际问题或删除。任一行有误时整张清单都不导入，回复中列出每个错误的行号、列名和原因。',
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
