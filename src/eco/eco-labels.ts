// How 专栏2 prints baselines and targets: '354*', '【21.6】', '≥330', '由市级下达'.
import type { EcoDirection } from './eco.types.js';

export const PENDING_TARGET_TEXT = '由市级下达';

export function baselineText(i: { baselineLabel: string | null; baselineValue: number | null }): string {
  return i.baselineLabel ?? (i.baselineValue === null ? '－' : String(i.baselineValue));
}

export function targetText(direction: EcoDirection, value: number | null, note: string | null): string {
  if (value === null) return note ?? PENDING_TARGET_TEXT;
  return direction === 'AT_LEAST' ? `≥${value}` : direction === 'AT_MOST' ? `≤${value}` : String(value);
}
