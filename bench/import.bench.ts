// A handover spreadsheet (交办清单) of N rows, as an inspection team hands it over, imported end to end through
// POST /imports: upload, parse, validate every row, file and assign every problem through the machine, reply.
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { addDays, shanghaiDate } from '../src/common/shanghai-time.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { openBenchDatabase } from './database.js';
import { memoryMb } from './proc-stats.js';
import { BENCH_TOKEN, round, Service } from './report.bench.js';
import { BENCH_UNITS, VILLAGES } from './units.js';

export interface ImportLine {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  created: number;
  /** Peak RSS of the service while it imported, MB. */
  peakRssMb: number | null;
}

const SOURCES = ['中央生态环境保护督察', '市级生态环境保护督察', '暗访', '专项督察', '自查'];
const CATEGORIES = ['水', '大气', '固体废物', '土壤', '生态', '噪声'];
const PROBLEMS = [
  '沿河排污口未按要求整治，雨污混流直排',
  '养殖场粪污处理设施不完善，废水外溢',
  '建筑工地扬尘防治措施落实不到位',
  '餐饮油烟净化设施未正常运行',
  '一般工业固体废物露天堆放，未落实“三防”措施',
  '饮用水水源保护区内存在违规建设项目',
];

/** The rows' codes start with this, so a run's problems can be found again. */
export function importPrefix(runId: string): string {
  return `BENCH-${runId}`;
}

export async function buildHandoverList(rows: number, runId: string, now: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('交办清单');
  sheet.addRow(['编号', '来源', '批次', '问题描述', '类别', '所在地', '牵头单位', '配合单位', '整改时限']);
  const due = shanghaiDate(addDays(now, 90));
  for (let i = 0; i < rows; i++) {
    const lead = BENCH_UNITS[i % BENCH_UNITS.length];
    // No cooperating units: since their parts (#25) the lead submits only once each is done, and the transitions
    // bench walks these problems on the lead's path alone (every submit was refused, PARTS_PENDING).
    sheet.addRow([
      `${importPrefix(runId)}-${String(i + 1).padStart(5, '0')}`,
      SOURCES[i % SOURCES.length],
      `第${(i % 4) + 1}批`,
      `${VILLAGES[i % VILLAGES.length]}${PROBLEMS[i % PROBLEMS.length]}（第${i + 1}项）`,
      CATEGORIES[i % CATEGORIES.length],
      `${lead.kind === 'DEPARTMENT' ? '' : lead.name}${VILLAGES[(i * 3) % VILLAGES.length]}`,
      lead.name,
      '',
      due,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Posts the list and waits for the reply; `sampleRss` is polled while the import runs. */
export async function importList(
  base: string,
  file: Buffer,
  sampleRss: () => number | null,
): Promise<Omit<ImportLine, 'rows'>> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    '交办清单.xlsx',
  );
  let peak: number | null = null;
  const poll = setInterval(() => {
    const rss = sampleRss();
    if (rss !== null) peak = Math.max(peak ?? 0, rss);
  }, 50);
  const started = performance.now();
  try {
    const res = await fetch(`${base}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_TOKEN}` },
      body: form,
    });
    const seconds = (performance.now() - started) / 1000;
    const reply = (await res.json()) as { created?: number; errors?: unknown[] };
    if (res.status !== 200 || reply.errors?.length)
      throw new Error(`import refused (${res.status}): ${JSON.stringify(reply).slice(0, 2000)}`);
    const created = reply.created ?? 0;
    return {
      bytes: file.length,
      seconds: round(seconds, 2),
      rowsPerSecond: Math.round(created / seconds),
      created,
      peakRssMb: peak,
    };
  } finally {
    clearInterval(poll);
  }
}

// node dist/bench/import.bench.js --database-url URL [--quick]: one import (10,000 rows, 2,000 with --quick) into a
// freshly started service, its time and the service's peak RSS — the figure the full run reports, alone.
if (isMain(import.meta.url)) {
  const args = parseArgs();
  const dir = benchDir(import.meta.url);
  const db = await openBenchDatabase(args.databaseUrl, args.issues, dir);
  const service = await Service.start(db.url, resolve(dir, '..'));
  try {
    const rows = args.quick ? 2_000 : 10_000;
    const pid = service.pid ?? 0;
    const file = await buildHandoverList(rows, Date.now().toString(36).toUpperCase(), new Date());
    const before = memoryMb(pid).current;
    const line = await importList(service.base, file, () => memoryMb(pid).current);
    console.log(
      `${rows} rows (${Math.round(file.length / 1024)} kB) in ${line.seconds} s; RSS ${before} MB before, ` +
        `peak ${line.peakRssMb} MB polled, ${memoryMb(pid).peak} MB VmHWM`,
    );
  } finally {
    await service.stop();
    await db.stop();
  }
}
