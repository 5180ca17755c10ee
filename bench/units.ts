// The responsible units of a large district: 60 departments (区…) and 34 towns and streets (…镇, …街道).
import type { UnitKind } from '../src/units/unit.record.js';

export interface BenchUnit {
  code: string;
  name: string;
  kind: UnitKind;
}

const DEPARTMENTS: [string, string][] = [
  ['STHJJ', '区生态环境局'], ['CSGLJ', '区城市管理局'], ['ZFCXJW', '区住房城乡建委'], ['NYNCW', '区农业农村委'],
  ['SLJ', '区水利局'], ['LYJ', '区林业局'], ['GHZRZYJ', '区规划自然资源局'], ['JJXXW', '区经济信息委'],
  ['FZGGW', '区发展改革委'], ['JTJ', '区交通局'], ['JW', '区教委'], ['KJJ', '区科技局'], ['GAFJ', '区公安分局'],
  ['MZJ', '区民政局'], ['SFJ', '区司法局'], ['CZJ', '区财政局'], ['RLSBJ', '区人力社保局'], ['SWW', '区商务委'],
  ['WHLYW', '区文化旅游委'], ['WSJKW', '区卫生健康委'], ['YJJ', '区应急局'], ['SJJ', '区审计局'], ['GZW', '区国资委'],
  ['SCJGJ', '区市场监管局'], ['TJJ', '区统计局'], ['YBJ', '区医保局'], ['TYJRJ', '区退役军人事务局'], ['XFB', '区信访办'],
  ['DSJJ', '区大数据发展局'], ['XCZXJ', '区乡村振兴局'], ['JGSWJ', '区机关事务局'], ['TYJ', '区体育局'], ['ZFB', '区政府办'],
  ['XCB', '区委宣传部'], ['XFJYZD', '区消防救援支队'], ['QXJ', '区气象局'], ['GXS', '区供销社'], ['SWJ', '区税务局'],
  ['RFB', '区人防办'], ['GGZYJY', '区公共资源交易中心'], ['XMFZZX', '区畜牧发展中心'], ['NYZFZD', '区农业综合执法支队'],
  ['STZFZD', '区生态环境保护综合执法支队'], ['CGZFZD', '区城市管理综合执法支队'], ['JTZFZD', '区交通运输综合执法支队'],
  ['WHZFZD', '区文化市场综合执法支队'], ['SWJT', '区水务集团'], ['CTJT', '区城投集团'], ['JTJSJT', '区交通建设集团'],
  ['GYYQ', '区工业园区管委会'], ['GXQ', '区高新区管委会'], ['WLYQ', '区物流园区管委会'], ['LYDJQ', '区旅游度假区管委会'],
  ['HZB', '区河长办'], ['LZB', '区林长办'], ['TDZZZX', '区土地整治中心'], ['HJJCZ', '区生态环境监测站'],
  ['GFGLZX', '区固体废物管理中心'], ['PSGLS', '区排水管理所'], ['YLLHS', '区园林绿化所'],
];

const TOWNS: [string, string][] = [
  ['DCJD', '东城街道'], ['NCJD', '南城街道'], ['XCJD', '西城街道'], ['SQZ', '三泉镇'], ['NPZ', '南平镇'], ['STZ', '神童镇'],
  ['MYZ', '鸣玉镇'], ['DGZ', '大观镇'], ['XLZ', '兴隆镇'], ['TPCZ', '太平场镇'], ['BSZ', '白沙镇'], ['SJZ', '水江镇'],
  ['SQQZ', '石墙镇'], ['JSZ', '金山镇'], ['TDZ', '头渡镇'], ['DYZ', '大有镇'], ['HXZ', '合溪镇'], ['DLZ', '德隆镇'],
  ['FYX', '峰岩乡'], ['MZZ', '民主镇'], ['FSZ', '福寿镇'], ['HTZ', '河图镇'], ['QYZ', '庆元镇'], ['GHZ', '古花镇'],
  ['SLZ', '石莲镇'], ['QFZ', '乾丰镇'], ['QLZ', '骑龙镇'], ['LSGZ', '冷水关镇'], ['ZQX', '中桥乡'], ['MLZ', '木凉镇'],
  ['NZSZ', '楠竹山镇'], ['LXHZ', '黎香湖镇'], ['SWPZ', '山王坪镇'], ['GYQZ', '观音桥镇'],
];

export const BENCH_UNITS: BenchUnit[] = [
  ...DEPARTMENTS.map(([code, name]) => ({ code, name, kind: 'DEPARTMENT' as const })),
  ...TOWNS.map(([code, name]) => ({ code, name, kind: name.endsWith('街道') ? ('STREET' as const) : ('TOWN' as const) })),
];

export const VILLAGES = ['石梁村', '青山村', '双河村', '龙岩村', '红星村', '金龙村', '桂花村', '新华村', '白果村', '三合村', '庙坝村', '柏林村'];
