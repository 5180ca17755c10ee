// Zip archives written by hand for the import's bounds: xlsx workbooks whose parts tell the truth about their sizes
// or lie, and parts that inflate to far more than it costs to build them (fully flushed deflate blocks, repeated).
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The raw deflate stream (compression method 8). */
  deflated: Buffer;
  /** What the local and central headers say the part inflates to. */
  declaredSize: number;
  crc32: number;
}

export function deflatedPart(name: string, data: string | Buffer): ZipPart {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { name, deflated: deflateRawSync(bytes), declaredSize: bytes.length, crc32: crc32(bytes) };
}

/**
 * A part made of pieces, each deflated on its own and fully flushed: a flushed block stands alone (no back-references
 * across it, byte-aligned), so one piece given again costs nothing more to build, and gigabytes of inflated data cost
 * megabytes and milliseconds. `declaredSize` (what the headers will say) defaults to the truth.
 */
export function piecewisePart(name: string, pieces: Iterable<string | Buffer>, declaredSize?: number): ZipPart {
  const blocks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  let lastPiece: string | Buffer | null = null;
  let block = Buffer.alloc(0);
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (piece !== lastPiece) block = deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH });
    lastPiece = piece;
    blocks.push(block);
    size += bytes.length;
    crc = crc32(bytes, crc);
  }
  blocks.push(deflateRawSync(Buffer.alloc(0))); // the final block
  return { name, deflated: Buffer.concat(blocks), declaredSize: declaredSize ?? size, crc32: crc };
}

/** The smallest workbook Excel and exceljs open: one sheet, `sheetXml` its sheet part (xl/worksheets/sheet1.xml). */
export function workbookParts(sheet: ZipPart | string, extra: ZipPart[] = []): ZipPart[] {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return [
    deflatedPart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    deflatedPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflatedPart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}" xmlns:r="${rel}">` +
        '<sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    deflatedPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    typeof sheet === 'string' ? deflatedPart('xl/worksheets/sheet1.xml', sheet) : sheet,
    ...extra,
  ];
}

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A row of inline-string cells, as the sheet part writes it. */
export function inlineRow(rowNumber: number, cells: readonly string[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const c = cells.map(
    (text, i) => `<c r="${columnName(i)}${rowNumber}" t="inlineStr"><is><t>${escape(text)}</t></is></c>`,
  );
  return `<row r="${rowNumber}">${c.join('')}</row>`;
}

/** A row of numeric cells, as the sheet part writes it. */
export function numberRow(rowNumber: number, values: readonly number[]): string {
  return `<row r="${rowNumber}">${values.map((v, i) => `<c r="${columnName(i)}${rowNumber}"><v>${v}</v></c>`).join('')}</row>`;
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A zip of the parts, stored in order with their declared sizes in both the local and the central headers. */
export function zipArchive(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(part.crc32 >>> 0, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(part.crc32 >>> 0, 16);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(part.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
