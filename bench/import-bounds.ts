// The import's bounds, measured on a running service: the issue's two workbooks (a 2 MB xlsx whose sheet declares
// 33 kB and inflates to 2 GiB; an honest 9.4 MB xlsx of 5 M cells), and two more that are read rather than refused up
// front (2.4 M cells in 61 MB of XML, stopped at the cell limit; a 20,000-row list of 60 MB read whole and refused row
// by row). For each: the reply, the service's peak RSS, and /health's latency while the import runs.
//
// Usage: node dist/bench/import-bounds.js --url http://127.0.0.1:3000 --pid <service pid> [--token <OFFICE token>]
//   (the token defaults to RECTIFY_ADMIN_TOKEN; peak RSS is read from /proc/<pid>, so run it on the service's machine)
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { memoryMb, resetPeakRss } from './proc-stats.js';

interface Part {
  name: string;
  deflated: Buffer;
  declaredSize: number;
  crc32: number;
}

/** Each piece deflated alone and fully flushed, so a piece given again costs nothing: gigabytes in megabytes. */
function part(name: string, pieces: Iterable<string | Buffer>, declaredSize?: number): Part {
  const blocks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  let last: string | Buffer | null = null;
  let block = Buffer.alloc(0);
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (piece !== last) block = deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH });
    last = piece;
    blocks.push(block);
    size += bytes.length;
    crc = crc32(bytes, crc);
  }
  blocks.push(deflateRawSync(Buffer.alloc(0)));
  return { name, deflated: Buffer.concat(blocks), declaredSize: declaredSize ?? size, crc32: crc };
}

function zip(parts: Part[]): Buffer {
  const out: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc32 >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc32 >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(p.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    out.push(local, name, p.deflated);
    directory.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, dir, end]);
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const TAIL = '</sheetData></worksheet>';

function workbook(sheet: Part): Buffer {
  const rels = (target: string, type: string) =>
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/${type}" Target="${target}"/></Relationships>`;
  return zip([
    part('[Content_Types].xml', [
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ]),
    part('_rels/.rels', [rels('xl/workbook.xml', 'officeDocument')]),
    part('xl/workbook.xml', [
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ]),
    part('xl/_rels/workbook.xml.rels', [rels('worksheets/sheet1.xml', 'worksheet')]),
    sheet,
  ]);
}

function column(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const inline = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((t, i) => `<c r="${column(i)}${r}" t="inlineStr"><is><t>${t}</t></is></c>`).join('')}</row>`;

function* numberRows(rows: number): Generator<string> {
  yield HEAD;
  for (let from = 1; from <= rows; from += 1000) {
    let xml = '';
    for (let r = from; r < Math.min(from + 1000, rows + 1); r++) {
      xml += `<row r="${r}">${Array.from({ length: 50 }, (_, i) => `<c r="${column(i)}${r}"><v>1</v></c>`).join('')}</row>`;
    }
    yield xml;
  }
  yield TAIL;
}

function* fullRead(): Generator<string> {
  yield HEAD + inline(1, ['编号', '来源', '问题', '问题描述', '类别']);
  const text = '沟渠黑臭，生活污水直排，群众反映强烈。'.repeat(48); // 912 characters, 2.7 kB
  for (let from = 2; from <= 20_001; from += 500) {
    let xml = '';
    for (let r = from; r < from + 500; r++)
      xml += inline(r, [`BOUNDS-${r}`, '路边听说', `第${r}号`, `${r}${text}`, '水']);
    yield xml;
  }
  yield TAIL;
}

const spaces = Buffer.alloc(1024 * 1024, 0x20);
const cases: { name: string; build: () => Buffer }[] = [
  {
    name: 'lying: sheet declares 33 kB, inflates to 2 GiB',
    build: () =>
      workbook(
        part(
          'xl/worksheets/sheet1.xml',
          [HEAD + inline(1, ['编号', '来源', '问题', '类别']), ...Array.from({ length: 2048 }, () => spaces), TAIL],
          33_000,
        ),
      ),
  },
  {
    name: 'honest: 5 M cells, 128 MB of XML',
    build: () => workbook(part('xl/worksheets/sheet1.xml', numberRows(100_000))),
  },
  {
    name: 'honest: 2.4 M cells, 61 MB of XML (read to the cell limit)',
    build: () => workbook(part('xl/worksheets/sheet1.xml', numberRows(48_000))),
  },
  {
    name: 'honest: 20,000 rows, 60 MB of XML (read whole, refused by row)',
    build: () => workbook(part('xl/worksheets/sheet1.xml', fullRead())),
  },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const url = arg('url') ?? 'http://127.0.0.1:3000';
const pid = Number(arg('pid'));
const token = arg('token') ?? process.env.RECTIFY_ADMIN_TOKEN;
if (!Number.isInteger(pid) || pid <= 0 || !token) {
  throw new Error(
    'usage: import-bounds --url URL --pid PID [--token OFFICE_TOKEN]  (token defaults to RECTIFY_ADMIN_TOKEN)',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** /health one request after another (20 ms apart) until `until` settles: each latency (ms) and status. */
async function probeHealth(until: Promise<unknown>): Promise<{ ms: number; status: number }[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const probes: { ms: number; status: number }[] = [];
  while (!settled) {
    const started = performance.now();
    // A connection reset (0) counts as a failed answer, not the end of the run.
    const status = await fetch(`${url}/health`).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    probes.push({ ms: performance.now() - started, status });
    await sleep(20);
  }
  return probes;
}

console.log(`import bounds against ${url} (service pid ${pid}), Node ${process.version}`);
console.log('case | upload | reply | seconds | service RSS before → peak (MB) | /health answers, p50 / worst (ms)');
for (const c of cases) {
  const file = c.build();
  await sleep(2000); // let the service settle (and collect) between cases
  const before = memoryMb(pid).current;
  const exact = resetPeakRss(pid);
  let sampled = before;
  const sampler = setInterval(() => (sampled = Math.max(sampled, memoryMb(pid).current)), 10);
  const form = new FormData();
  form.append('file', new Blob([file]), 'list.xlsx');
  const started = performance.now();
  const reply = fetch(`${url}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { errors?: { message: string; extensions: { code: string } }[]; created?: number },
  }));
  const [res, probes] = await Promise.all([reply, probeHealth(reply)]);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = exact ? Math.max(memoryMb(pid).peak, sampled) : sampled;
  const sorted = probes.map((p) => p.ms).sort((a, b) => a - b);
  const failed = probes.filter((p) => p.status !== 200).length;
  const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const error = res.body.errors?.[0];
  const outcome = error ? `${res.status} ${error.extensions.code}: ${error.message.slice(0, 90)}` : `${res.status}`;
  console.log(
    `${c.name} | ${(file.length / 1024 / 1024).toFixed(1)} MB | ${outcome} | ${seconds.toFixed(2)} | ${before} → ${peak}${exact ? '' : ' (sampled)'} | ` +
      `${probes.length}${failed ? ` (${failed} not 200)` : ''}, ${p50.toFixed(0)} / ${(sorted.at(-1) ?? 0).toFixed(0)}`,
  );
}
