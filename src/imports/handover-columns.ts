// The columns of a handover list (交办清单), by the Chinese headers inspection teams write.

export const HANDOVER_HEADERS = [
  '编号',
  '来源',
  '批次',
  '问题',
  '问题描述',
  '类别',
  '所在地',
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
  '行政区划代码',
] as const;
export type HandoverHeader = (typeof HANDOVER_HEADERS)[number];

/** The template's example row's code: the importer refuses it, so an unedited template never files a made-up problem. */
export const EXAMPLE_CODE = '示例-001';

/** Rows above the header a list may have (a title such as "第三轮中央生态环境保护督察交办问题清单"). */
export const HEADER_SEARCH_ROWS = 10;
