// A district as the seed documents describe it (../shared/seeds): its departments, towns and streets,
// and the kinds of problems inspection teams and citizens hand it.
import type { IssueSource } from '../../workflows/issue.types.js';
import type { IssueCategory } from '../issues/issue.record.js';
import type { UnitKind } from '../units/unit.record.js';

export const DEMO_UNITS: { code: string; name: string; kind: UnitKind }[] = [
  { code: 'STHJJ', name: '区生态环境局', kind: 'DEPARTMENT' },
  { code: 'CSGLJ', name: '区城市管理局', kind: 'DEPARTMENT' },
  { code: 'ZFCXJW', name: '区住房城乡建委', kind: 'DEPARTMENT' },
  { code: 'NYNCW', name: '区农业农村委', kind: 'DEPARTMENT' },
  { code: 'SLJ', name: '区水利局', kind: 'DEPARTMENT' },
  { code: 'LYJ', name: '区林业局', kind: 'DEPARTMENT' },
  { code: 'GHZRZYJ', name: '区规划自然资源局', kind: 'DEPARTMENT' },
  { code: 'JJXXW', name: '区经济信息委', kind: 'DEPARTMENT' },
  { code: 'FZGGW', name: '区发展改革委', kind: 'DEPARTMENT' },
  { code: 'JTJ', name: '区交通局', kind: 'DEPARTMENT' },
  { code: 'SJZ', name: '水江镇', kind: 'TOWN' },
  { code: 'NPZ', name: '南平镇', kind: 'TOWN' },
  { code: 'DGZ', name: '大观镇', kind: 'TOWN' },
  { code: 'MYZ', name: '鸣玉镇', kind: 'TOWN' },
  { code: 'JSZ', name: '金山镇', kind: 'TOWN' },
  { code: 'DYZ', name: '大有镇', kind: 'TOWN' },
  { code: 'MLZ', name: '木凉镇', kind: 'TOWN' },
  { code: 'DCJD', name: '东城街道', kind: 'STREET' },
  { code: 'XCJD', name: '西城街道', kind: 'STREET' },
  { code: 'NCJD', name: '南城街道', kind: 'STREET' },
];

export interface ProblemTemplate {
  title: string;
  description: string;
  category: IssueCategory;
  /** Codes of units that usually lead this kind of problem. */
  leads: string[];
  sources: IssueSource[];
}

const INSPECTIONS: IssueSource[] = [
  'CENTRAL_INSPECTION',
  'MUNICIPAL_INSPECTION',
  'UNDERCOVER_INSPECTION',
  'SPECIAL_INSPECTION',
];
const TOWNS = ['SJZ', 'NPZ', 'DGZ', 'MYZ', 'JSZ', 'DYZ', 'MLZ'];
const STREETS = ['DCJD', 'XCJD', 'NCJD'];

export const PROBLEM_TEMPLATES: ProblemTemplate[] = [
  {
    title: '磷石膏堆场防渗和遮盖不到位',
    description: '堆场部分区域未遮盖，雨季渗滤液收集设施不完善，存在外溢风险',
    category: 'SOLID_WASTE',
    leads: ['STHJJ', 'JJXXW', 'SJZ'],
    sources: INSPECTIONS,
  },
  {
    title: '赤泥堆场防渗措施未落实',
    description: '赤泥堆场防渗层破损，周边地下水存在污染隐患',
    category: 'SOLID_WASTE',
    leads: ['STHJJ', 'JJXXW', 'SJZ'],
    sources: INSPECTIONS,
  },
  {
    title: '农村黑臭水体整治不到位',
    description: '村内沟渠黑臭，生活污水直排，未按“一水一策”完成整治',
    category: 'WATER',
    leads: ['NYNCW', 'SLJ', ...TOWNS],
    sources: INSPECTIONS,
  },
  {
    title: '入河排污口排查整治滞后',
    description: '次级河流沿线存在未登记排污口，部分排口雨污混排',
    category: 'WATER',
    leads: ['STHJJ', 'SLJ', ...TOWNS],
    sources: INSPECTIONS,
  },
  {
    title: '城市生活垃圾填埋场渗滤液处理能力不足',
    description: '渗滤液调节池液位偏高，处理设施满负荷运行',
    category: 'SOLID_WASTE',
    leads: ['CSGLJ'],
    sources: INSPECTIONS,
  },
  {
    title: '餐饮油烟直排扰民',
    description: '临街餐馆未安装油烟净化设施，油烟直排影响居民生活',
    category: 'AIR',
    leads: ['CSGLJ', ...STREETS],
    sources: ['PUBLIC_COMPLAINT', 'UNDERCOVER_INSPECTION'],
  },
  {
    title: '建筑工地夜间施工噪声扰民',
    description: '工地夜间违规施工，噪声超标，群众多次投诉',
    category: 'NOISE',
    leads: ['ZFCXJW', ...STREETS],
    sources: ['PUBLIC_COMPLAINT'],
  },
  {
    title: '建筑工地扬尘管控不到位',
    description: '工地裸土未覆盖，出入车辆未冲洗，道路扬尘明显',
    category: 'AIR',
    leads: ['ZFCXJW', 'CSGLJ'],
    sources: ['PUBLIC_COMPLAINT', 'UNDERCOVER_INSPECTION', 'MUNICIPAL_INSPECTION'],
  },
  {
    title: '畜禽养殖粪污未有效处理',
    description: '养殖场粪污储存设施容量不足，存在雨天溢流',
    category: 'WATER',
    leads: ['NYNCW', ...TOWNS],
    sources: ['PUBLIC_COMPLAINT', 'MUNICIPAL_INSPECTION'],
  },
  {
    title: '废弃矿山生态修复进度滞后',
    description: '历史遗留矿山未按期完成复绿，边坡存在滑塌隐患',
    category: 'ECOLOGY',
    leads: ['GHZRZYJ', 'LYJ'],
    sources: ['CENTRAL_INSPECTION', 'SPECIAL_INSPECTION'],
  },
  {
    title: '自然保护区内违规建设',
    description: '保护区实验区内存在未批先建的旅游设施',
    category: 'ECOLOGY',
    leads: ['LYJ', 'GHZRZYJ'],
    sources: ['CENTRAL_INSPECTION', 'SPECIAL_INSPECTION'],
  },
  {
    title: '乡镇污水处理厂出水超标',
    description: '污水处理厂出水氨氮超标，管网收集率偏低',
    category: 'WATER',
    leads: ['CSGLJ', 'STHJJ', ...TOWNS],
    sources: INSPECTIONS,
  },
  {
    title: '工业企业挥发性有机物无组织排放',
    description: '企业喷涂工序废气收集不完善，厂界异味明显',
    category: 'AIR',
    leads: ['STHJJ', 'JJXXW'],
    sources: ['PUBLIC_COMPLAINT', 'UNDERCOVER_INSPECTION'],
  },
  {
    title: '医疗废物暂存不规范',
    description: '卫生院医疗废物暂存间未设置防渗和警示标识',
    category: 'SOLID_WASTE',
    leads: ['STHJJ'],
    sources: ['SPECIAL_INSPECTION', 'MUNICIPAL_INSPECTION'],
  },
  {
    title: '河道非法采砂',
    description: '河段夜间存在非法采砂行为，河床破坏',
    category: 'ECOLOGY',
    leads: ['SLJ', ...TOWNS],
    sources: ['PUBLIC_COMPLAINT', 'SPECIAL_INSPECTION'],
  },
  {
    title: '加油站油气回收装置运行不正常',
    description: '油气回收系统气液比不达标',
    category: 'AIR',
    leads: ['STHJJ', 'FZGGW'],
    sources: ['MUNICIPAL_INSPECTION'],
  },
  {
    title: '饮用水水源保护区内存在违规排污',
    description: '二级保护区内农家乐生活污水未收集处理',
    category: 'WATER',
    leads: ['STHJJ', 'SLJ', ...TOWNS],
    sources: ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION'],
  },
  {
    title: '道路施工渣土车抛洒',
    description: '渣土运输车辆未密闭，沿途抛洒滴漏',
    category: 'AIR',
    leads: ['CSGLJ', 'JTJ'],
    sources: ['PUBLIC_COMPLAINT'],
  },
];

export const BATCHES: Record<IssueSource, string[]> = {
  CENTRAL_INSPECTION: [
    '第三轮中央生态环境保护督察 第3批',
    '第三轮中央生态环境保护督察 第5批',
    '第三轮中央生态环境保护督察 反馈问题',
  ],
  MUNICIPAL_INSPECTION: ['第二轮市级生态环境保护例行督察 第2批', '第二轮市级生态环境保护例行督察 第4批'],
  UNDERCOVER_INSPECTION: ['市区两级暗访督察 2026年第三季度'],
  SPECIAL_INSPECTION: ['长江经济带生态环境警示片', '区级专项督查'],
  PUBLIC_COMPLAINT: ['12345 热线', '12369 环保举报'],
  SELF_INSPECTION: ['举一反三 自查'],
};

export const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '黄', '周', '吴', '赵'];
