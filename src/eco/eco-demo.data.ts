// The district plan's indicator table (seed 002, 专栏2: 18 indicators, 2020 baseline, 2025 target) and a few years of
// values. Where seed 001 gives actuals they are used as they are (2024: 328 good-air days, PM2.5 36.3 µg/m³, 1 µg
// better than 2023, 3 fewer polluted days than 2023); the other values are illustrative, chosen around the plan's path.
import type { EcoAttribute, EcoCategory, EcoDirection, PeriodKind } from './eco.types.js';

export interface DemoIndicator {
  code: string;
  seq: number;
  name: string;
  category: EcoCategory;
  attribute: EcoAttribute;
  measureUnit: string;
  direction: EcoDirection;
  frequency: PeriodKind;
  baselineValue: number | null;
  baselineLabel?: string;
  /** null: 由市级下达 (or the note says what it waits for). */
  finalTargetValue: number | null;
  finalTargetNote?: string;
  atRiskMargin: number;
  note?: string;
  /** Unit codes of DEMO_UNITS. */
  lead: string;
  contributors?: { code: string; share?: number; note?: string }[];
}

/** A value as reported: by the lead unless `unit` names a contributor. */
export interface DemoValue {
  indicator: string;
  period: string;
  value: number;
  unit?: string;
  source: string;
}

/** 专栏2 compares 2020 with 2025. */
export const DEMO_PLAN_YEARS = { baselineYear: 2020, finalTargetYear: 2025 } as const;

const BY_CITY = '由市级下达';
const FROM_2015 = '【】为以2015年为基数的“十三五”累计下降率；“十四五”自2020年起累计';
const COVID = '*2020年环境空气质量指标值受新冠肺炎疫情等因素影响，明显好于正常年份';

export const DEMO_INDICATORS: DemoIndicator[] = [
  // 环境质量改善 — air reported quarterly as rolling twelve-month figures, so the Q4 value is the year's
  {
    code: 'ZL2-01',
    seq: 1,
    name: '环境空气质量优良天数',
    category: 'ENV_QUALITY',
    attribute: 'BINDING',
    measureUnit: '天',
    direction: 'AT_LEAST',
    frequency: 'QUARTER',
    baselineValue: 354,
    baselineLabel: '354*',
    finalTargetValue: 330,
    atRiskMargin: 5,
    note: `${COVID}；季度值为滚动12个月`,
    lead: 'STHJJ',
    contributors: [
      { code: 'ZFCXJW', note: '施工扬尘' },
      { code: 'CSGLJ', note: '道路扬尘' },
      { code: 'JTJ', note: '机动车' },
    ],
  },
  {
    code: 'ZL2-02',
    seq: 2,
    name: '细颗粒物（PM2.5）年均浓度',
    category: 'ENV_QUALITY',
    attribute: 'BINDING',
    measureUnit: '微克/立方米',
    direction: 'AT_MOST',
    frequency: 'QUARTER',
    baselineValue: 26,
    baselineLabel: '26*',
    finalTargetValue: 30,
    atRiskMargin: 2,
    note: `${COVID}；季度值为滚动12个月`,
    lead: 'STHJJ',
    contributors: [{ code: 'ZFCXJW' }, { code: 'CSGLJ' }],
  },
  {
    code: 'ZL2-03',
    seq: 3,
    name: '地表水水质优良（达到或好于Ⅲ类）比例',
    category: 'ENV_QUALITY',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: 100,
    finalTargetValue: 100,
    atRiskMargin: 0,
    lead: 'STHJJ',
    contributors: [
      { code: 'SLJ' },
      { code: 'SJZ', share: 100, note: '辖区市控断面' },
      { code: 'NPZ', share: 100 },
      { code: 'DGZ', share: 100 },
    ],
  },
  {
    code: 'ZL2-04',
    seq: 4,
    name: '城镇集中式饮用水源水质达标率',
    category: 'ENV_QUALITY',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: 100,
    finalTargetValue: 100,
    atRiskMargin: 0,
    lead: 'STHJJ',
    contributors: [{ code: 'SLJ' }],
  },
  // 污染物减排 — cumulative reductions since 2020, targets handed down by the city
  ...(
    [
      ['ZL2-05', 5, '氮氧化物排放量下降', '【21.6】', ['JJXXW', 'JTJ']],
      ['ZL2-06', 6, '重点行业挥发性有机物排放量下降', '【7.0】', ['JJXXW']],
      ['ZL2-07', 7, '化学需氧量排放量下降', '【7.7】', ['NYNCW', 'CSGLJ']],
      ['ZL2-08', 8, '氨氮排放量下降', '【9.5】', ['NYNCW', 'CSGLJ']],
    ] as const
  ).map(([code, seq, name, label, contributors]): DemoIndicator => ({
    code,
    seq,
    name,
    category: 'EMISSION_REDUCTION',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'HIGHER_BETTER',
    frequency: 'YEAR',
    baselineValue: 0,
    baselineLabel: label,
    finalTargetValue: null,
    finalTargetNote: BY_CITY,
    atRiskMargin: 0.5,
    note: FROM_2015,
    lead: 'STHJJ',
    contributors: contributors.map((c) => ({ code: c })),
  })),
  // 环境风险控制
  {
    code: 'ZL2-09',
    seq: 9,
    name: '受污染耕地安全利用率',
    category: 'RISK_CONTROL',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: null,
    baselineLabel: '－',
    finalTargetValue: 95,
    atRiskMargin: 2,
    lead: 'NYNCW',
    contributors: [{ code: 'STHJJ' }, { code: 'SJZ', share: 95, note: '双河村农用地' }],
  },
  {
    code: 'ZL2-10',
    seq: 10,
    name: '受污染建设用地安全利用率',
    category: 'RISK_CONTROL',
    attribute: 'EXPECTED',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: null,
    baselineLabel: '－',
    finalTargetValue: 95,
    atRiskMargin: 2,
    lead: 'GHZRZYJ',
    contributors: [{ code: 'STHJJ' }],
  },
  {
    code: 'ZL2-11',
    seq: 11,
    name: '危险废物安全处置率',
    category: 'RISK_CONTROL',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: 100,
    finalTargetValue: 100,
    atRiskMargin: 0,
    lead: 'STHJJ',
    contributors: [{ code: 'JJXXW' }],
  },
  {
    code: 'ZL2-12',
    seq: 12,
    name: '二级以上医疗机构医疗废物集中无害化处置率',
    category: 'RISK_CONTROL',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'AT_LEAST',
    frequency: 'YEAR',
    baselineValue: 100,
    finalTargetValue: 100,
    atRiskMargin: 0,
    lead: 'STHJJ',
  },
  // 生态保护 — forest cover split among the towns
  {
    code: 'ZL2-13',
    seq: 13,
    name: '森林覆盖率',
    category: 'ECOLOGY',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'HIGHER_BETTER',
    frequency: 'YEAR',
    baselineValue: 55.2,
    finalTargetValue: 58,
    atRiskMargin: 0.5,
    lead: 'LYJ',
    contributors: [
      { code: 'SJZ', share: 56 },
      { code: 'NPZ', share: 57 },
      { code: 'DGZ', share: 62 },
      { code: 'MYZ', share: 55 },
      { code: 'JSZ', share: 68 },
      { code: 'GHZRZYJ' },
    ],
  },
  {
    code: 'ZL2-14',
    seq: 14,
    name: '生态保护红线面积占比',
    category: 'ECOLOGY',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'EXACTLY',
    frequency: 'YEAR',
    baselineValue: 22.81,
    finalTargetValue: null,
    finalTargetNote: '以国务院最终审批面积为准',
    atRiskMargin: 0.05,
    lead: 'GHZRZYJ',
    contributors: [{ code: 'LYJ' }],
  },
  {
    code: 'ZL2-15',
    seq: 15,
    name: '城市建成区绿化覆盖率',
    category: 'ECOLOGY',
    attribute: 'EXPECTED',
    measureUnit: '%',
    direction: 'HIGHER_BETTER',
    frequency: 'YEAR',
    baselineValue: 39.5,
    finalTargetValue: 40,
    atRiskMargin: 0.2,
    lead: 'CSGLJ',
    contributors: [
      { code: 'DCJD', share: 40 },
      { code: 'XCJD', share: 40 },
      { code: 'NCJD', share: 40 },
    ],
  },
  {
    code: 'ZL2-16',
    seq: 16,
    name: '城市人均公园绿地面积',
    category: 'ECOLOGY',
    attribute: 'EXPECTED',
    measureUnit: '平方米/人',
    direction: 'HIGHER_BETTER',
    frequency: 'YEAR',
    baselineValue: 12.96,
    finalTargetValue: 15,
    atRiskMargin: 0.3,
    lead: 'CSGLJ',
    contributors: [{ code: 'ZFCXJW' }],
  },
  // 低碳发展
  {
    code: 'ZL2-17',
    seq: 17,
    name: '单位GDP二氧化碳排放下降率',
    category: 'LOW_CARBON',
    attribute: 'BINDING',
    measureUnit: '%',
    direction: 'HIGHER_BETTER',
    frequency: 'YEAR',
    baselineValue: 0,
    baselineLabel: '【20.5】',
    finalTargetValue: null,
    finalTargetNote: BY_CITY,
    atRiskMargin: 0.5,
    note: FROM_2015,
    lead: 'STHJJ',
    contributors: [{ code: 'FZGGW' }, { code: 'JJXXW' }],
  },
  {
    code: 'ZL2-18',
    seq: 18,
    name: '单位GDP能源消耗',
    category: 'LOW_CARBON',
    attribute: 'BINDING',
    measureUnit: '吨/万元',
    direction: 'LOWER_BETTER',
    frequency: 'YEAR',
    baselineValue: 0.668,
    finalTargetValue: 0.65,
    atRiskMargin: 0.003,
    lead: 'FZGGW',
    contributors: [{ code: 'JJXXW' }],
  },
];

const MONITORING = '区生态环境监测站 空气自动站数据';
const STATS = '区统计局 统计公报';

/** Rolling twelve-month figures by quarter; each Q4 is the year's (2024-Q4: 328 days, 36.3 µg/m³ as in seed 001). */
const AIR: [string, number, number][] = [
  ['2021-Q4', 340, 30.5],
  ['2022-Q4', 331, 34.0],
  ['2023-Q4', 325, 37.3],
  ['2024-Q1', 325, 37.1],
  ['2024-Q2', 326, 36.9],
  ['2024-Q3', 327, 36.6],
  ['2024-Q4', 328, 36.3],
  ['2025-Q1', 329, 35.9],
  ['2025-Q2', 330, 35.4],
  ['2025-Q3', 331, 35.0],
  ['2025-Q4', 331, 34.8],
  ['2026-Q1', 332, 34.3],
  ['2026-Q2', 333, 33.8],
  ['2026-Q3', 333, 33.5],
];

const yearly = (indicator: string, source: string, values: [number, number][], unit?: string): DemoValue[] =>
  values.map(([year, value]) => ({ indicator, period: String(year), value, source, unit }));

export const DEMO_VALUES: DemoValue[] = [
  ...AIR.flatMap(([period, days, pm]) => [
    { indicator: 'ZL2-01', period, value: days, source: MONITORING },
    { indicator: 'ZL2-02', period, value: pm, source: MONITORING },
  ]),
  ...yearly('ZL2-03', '市控断面水质监测', [
    [2021, 100],
    [2022, 100],
    [2023, 100],
    [2024, 100],
    [2025, 100],
  ]),
  ...(['SJZ', 'NPZ', 'DGZ'] as const).flatMap((town) =>
    yearly(
      'ZL2-03',
      '镇级断面水质监测',
      [
        [2024, 100],
        [2025, 100],
      ],
      town,
    ),
  ),
  ...yearly('ZL2-04', '饮用水水源地水质监测', [
    [2021, 100],
    [2022, 100],
    [2023, 100],
    [2024, 100],
  ]), // 2025 never reported: MISSING
  ...yearly('ZL2-05', '污染源排放清单核算', [
    [2021, 2.1],
    [2022, 4.3],
    [2023, 6.0],
    [2024, 7.8],
    [2025, 9.6],
  ]),
  ...yearly('ZL2-06', '重点行业VOCs排放核算', [
    [2023, 3.1],
    [2024, 4.2],
    [2025, 5.5],
  ]),
  ...yearly('ZL2-07', '污染源排放清单核算', [
    [2023, 4.4],
    [2024, 5.6],
    [2025, 6.9],
  ]),
  ...yearly('ZL2-08', '污染源排放清单核算', [
    [2023, 5.0],
    [2024, 6.8],
    [2025, 8.3],
  ]),
  ...yearly('ZL2-09', '农用地安全利用核算', [
    [2022, 91.8],
    [2023, 93.5],
    [2024, 95.1],
    [2025, 96.0],
  ]),
  ...yearly(
    'ZL2-09',
    '双河村农用地安全利用核算',
    [
      [2024, 94.0],
      [2025, 95.4],
    ],
    'SJZ',
  ),
  ...yearly('ZL2-10', '建设用地土壤污染风险管控名录', [
    [2023, 100],
    [2024, 100],
    [2025, 100],
  ]),
  ...yearly('ZL2-11', '固体废物管理信息系统', [
    [2021, 100],
    [2022, 100],
    [2023, 100],
    [2024, 100],
    [2025, 100],
  ]),
  // 2025 handed in but not yet confirmed: AWAITING_CONFIRMATION
  ...yearly('ZL2-12', '医疗废物处置台账', [
    [2021, 100],
    [2022, 100],
    [2023, 100],
    [2024, 100],
    [2025, 100],
  ]),
  ...yearly('ZL2-13', '林地年度变更调查', [
    [2021, 55.8],
    [2022, 56.3],
    [2023, 56.9],
    [2024, 57.1],
    [2025, 58.1],
  ]),
  ...yearly('ZL2-13', '林地年度变更调查', [[2025, 56.4]], 'SJZ'),
  ...yearly('ZL2-13', '林地年度变更调查', [[2025, 56.6]], 'NPZ'),
  ...yearly('ZL2-13', '林地年度变更调查', [[2025, 62.3]], 'DGZ'),
  ...yearly('ZL2-13', '林地年度变更调查', [[2025, 55.1]], 'MYZ'),
  ...yearly('ZL2-13', '林地年度变更调查', [[2025, 66.9]], 'JSZ'),
  ...yearly('ZL2-14', '国土空间规划“一张图”', [
    [2023, 22.81],
    [2024, 22.81],
    [2025, 22.81],
  ]),
  ...yearly('ZL2-15', '城市园林绿化统计', [
    [2022, 39.6],
    [2023, 39.7],
    [2024, 39.8],
    [2025, 40.1],
  ]),
  ...yearly('ZL2-15', '街道绿化台账', [[2025, 40.3]], 'DCJD'),
  ...yearly('ZL2-15', '街道绿化台账', [[2025, 39.9]], 'XCJD'),
  ...yearly('ZL2-16', '城市园林绿化统计', [
    [2022, 13.5],
    [2023, 13.9],
    [2024, 14.2],
    [2025, 15.1],
  ]),
  ...yearly('ZL2-17', '能源消费与碳排放核算', [
    [2023, 9.8],
    [2024, 13.2],
    [2025, 16.4],
  ]),
  ...yearly('ZL2-18', STATS, [
    [2021, 0.664],
    [2022, 0.661],
    [2023, 0.657],
    [2024, 0.653],
    [2025, 0.65],
  ]),
];

/** Left waiting for the office at the end of the demo. */
export const DEMO_AWAITING = [{ indicator: 'ZL2-12', period: '2025' }];

/** A confirmed value corrected later, with the reason: the old row stays, superseded. */
export const DEMO_CORRECTIONS = [
  {
    indicator: 'ZL2-13',
    period: '2024',
    value: 57.3,
    reason: '补充2024年退耕还林地块后更正',
    source: '林地年度变更调查（补充）',
  },
];

/** Reports the office sent back once before the value above was confirmed. */
export const DEMO_RETURNED = [
  { indicator: 'ZL2-16', period: '2025', value: 16.2, comment: '数值与统计公报不符，请核实后重报' },
];
