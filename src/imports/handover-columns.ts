// The columns of a handover list (交办清单), by the Chinese headers inspection teams write.
import { ENTERED_FIELDS, enteredLabel, type EnteredLabel } from '../issues/entered-fields.js';

/** The columns with rules of their own; the entered text fields' (批次, 所在地, …) come from ISSUE_SHAPE. */
const RULED_HEADERS = [
  '编号',
  '来源',
  '问题',
  '问题描述',
  '类别',
  '牵头单位',
  '配合单位',
  '整改时限',
  '举报人',
  '联系电话',
  '投诉渠道',
  // where it is on the map (optional): both of the pair or neither, the system WGS-84 unless said
  '经度',
  '纬度',
  '坐标系',
] as const;
type RuledHeader = (typeof RULED_HEADERS)[number];
export type HandoverHeader = RuledHeader | EnteredLabel;

/** Every column, in the template's order: the entered fields after 类别. */
export const HANDOVER_HEADERS: readonly HandoverHeader[] = [
  ...RULED_HEADERS.slice(0, RULED_HEADERS.indexOf('类别') + 1),
  ...ENTERED_FIELDS.map(enteredLabel),
  ...RULED_HEADERS.slice(RULED_HEADERS.indexOf('类别') + 1),
];

/** The template's example row's code: the importer refuses it, so an unedited template never files a made-up problem. */
export const EXAMPLE_CODE = '示例-001';

/** Rows above the header a list may have (a title such as "第三轮中央生态环境保护督察交办问题清单"). */
export const HEADER_SEARCH_ROWS = 10;
