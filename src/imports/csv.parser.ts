// RFC 4180 as Excel writes it: quoted fields may hold delimiters, doubled quotes and line breaks. Hand-written
// because the rules are short and a record's number must be the row Excel shows (a quoted line break stays in
// one row), which line-based splitting gets wrong.

export class CsvSyntaxError extends Error {
  constructor(
    readonly record: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** Excel's columns (A…XFD); a record with more is no spreadsheet's, and is refused before it grows further. */
const MAX_FIELDS = 16_384;

/** Records of fields, in order; a blank line is a record with one empty field, so numbering matches Excel's rows. */
export function parseCsv(text: string, delimiter: ',' | '\t' = detectDelimiter(text)): string[][] {
  return [...csvRecords(text, delimiter)];
}

/** The records one by one, so a reader can count them as they come and stop early. */
export function* csvRecords(text: string, delimiter: ',' | '\t'): Generator<string[]> {
  const sep = delimiter.charCodeAt(0);
  let records = 0;
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startRecord = records + 1;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvSyntaxError(startRecord, `Row ${startRecord}: a quoted cell is never closed`);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      // Excel never writes text after a closing quote; when a hand-made file does, keep it rather than lose it.
      const rest = scanUnquoted(text, i, sep);
      field = value + text.slice(i, rest);
      i = rest;
    } else {
      const end = scanUnquoted(text, i, sep);
      field = text.slice(i, end);
      i = end;
    }
    record.push(field);
    if (record.length > MAX_FIELDS)
      throw new CsvSyntaxError(records + 1, `Row ${records + 1}: more than ${MAX_FIELDS} columns`);
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i === n) record.push(''); // a trailing delimiter ends with an empty field
      continue;
    }
    // End of record: CRLF, LF, lone CR, or end of text.
    if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    else if (c === LF) i++;
    records++;
    yield record;
    record = [];
  }
  if (record.length > 0) yield record;
}

function scanUnquoted(text: string, from: number, sep: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === sep || c === CR || c === LF) break;
  }
  return i;
}

/** Tab when the first line has more tabs than commas outside quotes ("Unicode text" from Excel), else comma. */
export function detectDelimiter(text: string): ',' | '\t' {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === '\t') tabs++;
  }
  return tabs > commas ? '\t' : ',';
}
