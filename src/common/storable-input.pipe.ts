import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { badFields, type InputRefusalReason } from './domain-error.js';
import { InvalidInstant, isInstantInRange } from './scalars.js';
import { isStorableText } from './storable-text.js';

/** A refused field and why: text PostgreSQL cannot store, or a Date the DateTime scalar could not read or hold. */
export interface UnstorableField {
  field: string;
  reason: Extract<InputRefusalReason, 'UNSTORABLE_TEXT' | 'MISSING_OFFSET' | 'MALFORMED' | 'OUT_OF_RANGE'>;
}

/** The fields of an input that hold text PostgreSQL cannot store as sent, or an invalid or out-of-range Date. */
export function unstorableFields(
  value: unknown,
  name: string,
): { fields: string[]; text: boolean; problems: UnstorableField[] } {
  const problems = new Map<string, UnstorableField['reason']>();
  // Breadth first and without recursion, so that no depth of nesting overflows the stack.
  const queue: [unknown, string][] = [[value, name]];
  for (let i = 0; i < queue.length; i++) {
    const [v, field] = queue[i];
    if (typeof v === 'string') {
      if (!isStorableText(v) && !problems.has(field)) problems.set(field, 'UNSTORABLE_TEXT');
    } else if (v instanceof Date) {
      if (!isInstantInRange(v) && !problems.has(field))
        problems.set(field, v instanceof InvalidInstant ? v.problem : 'OUT_OF_RANGE');
    } else if (Array.isArray(v)) {
      // A list's items answer to the list's name, as in validation errors.
      for (const x of v) queue.push([x, field]);
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) queue.push([x, k]);
    }
  }
  const list = [...problems].map(([field, reason]) => ({ field, reason }));
  return { fields: list.map((p) => p.field), text: list.some((p) => p.reason === 'UNSTORABLE_TEXT'), problems: list };
}

/** What a refused DateTime is told: the form it needs, not just that it is wrong. */
const DATE_TIME_TEXT: Partial<Record<UnstorableField['reason'], string>> = {
  MALFORMED: '格式不正确，须为带时区的时间，如 2026-12-01T18:00:00+08:00',
  OUT_OF_RANGE: '须在 1000 年至 9999 年之间',
};

/**
 * The rule of storable-text.ts for everything a client sends through Nest: every GraphQL argument (nested input
 * objects and lists included) and every REST body, query and route parameter, before validation or any handler runs.
 * Nest hands GraphQL arguments to pipes as 'body' (its ARGS param type shares BODY's number); parents, context, info,
 * uploaded files and custom decorators come as 'custom' and are not client text. A Date here came from the DateTime
 * scalar, which turns what it cannot hold into an invalid Date so that it is refused under the argument's name.
 */
@Injectable()
export class StorableInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const { problems } = unstorableFields(value, metadata.data ?? metadata.type);
    if (problems.length > 0) {
      throw badFields(
        problems.map((p) => ({ ...p, message: p.reason === 'UNSTORABLE_TEXT' ? undefined : DATE_TIME_TEXT[p.reason] })),
      );
    }
    return value;
  }
}
