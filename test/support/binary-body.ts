// A response body as bytes (an xlsx, a zip), for supertest's .parse(); the weekly bulletin read back.
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import supertest from 'supertest';
import type request from 'supertest';

export const binary = (res: request.Response, callback: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** The weekly bulletin (GET /reports/weekly.xlsx) of the week of `weekOf`, as `token` downloads it. */
export async function weeklyWorkbook(app: INestApplication, weekOf: string, token: string): Promise<ExcelJS.Workbook> {
  const res = await supertest(app.getHttpServer())
    .get(`/reports/weekly.xlsx?weekOf=${weekOf}`)
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse(binary);
  if (res.status !== 200) throw new Error(`weekly.xlsx answered ${res.status}`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as ArrayBuffer);
  return book;
}

/** The handover list's template (GET /imports/template.xlsx), as anyone downloads it: no token needed. */
export async function templateWorkbook(app: INestApplication): Promise<ExcelJS.Workbook> {
  const res = await supertest(app.getHttpServer()).get('/imports/template.xlsx').buffer(true).parse(binary);
  if (res.status !== 200) throw new Error(`template.xlsx answered ${res.status}`);
  if (!String(res.headers['content-type']).includes('spreadsheetml'))
    throw new Error('template.xlsx is not a workbook');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as ArrayBuffer);
  return book;
}

/** A sheet's rows as plain values, the first column first. */
export function sheetRows(book: ExcelJS.Workbook, sheet: string): unknown[][] {
  const rows: unknown[][] = [];
  book.getWorksheet(sheet)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}
