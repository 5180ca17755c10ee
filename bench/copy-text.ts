// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes.

const SPECIAL = /[\\\t\n\r]/;

function escape(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escape(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  // Arrays of plain tokens (uuid[]): no element needs quoting.
  if (Array.isArray(v)) return `{${v.map(String).join(',')}}`;
  return escape(JSON.stringify(v));
}

export function copyRow(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyValue(values[i]);
  return line + '\n';
}
