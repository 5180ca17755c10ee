import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { badInput } from './domain-error.js';
import { isInstantInRange } from './scalars.js';
import { isStorableText, unstorableText } from './storable-text.js';

/** The fields of an input that hold text PostgreSQL cannot store as sent, or an invalid or out-of-range Date. */
export function unstorableFields(value: unknown, name: string): { fields: string[]; text: boolean } {
  const fields = new Set<string>();
  let text = false;
  // Breadth first and without recursion, so that no depth of nesting overflows the stack.
  const queue: [unknown, string][] = [[value, name]];
  for (let i = 0; i < queue.length; i++) {
    const [v, field] = queue[i];
    if (typeof v === 'string') {
      if (!isStorableText(v)) {
        fields.add(field);
        text = true;
      }
    } else if (v instanceof Date) {
      if (!isInstantInRange(v)) fields.add(field);
    } else if (Array.isArray(v)) {
      // A list's items answer to the list's name, as in validation errors.
      for (const x of v) queue.push([x, field]);
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) queue.push([x, k]);
    }
  }
  return { fields: [...fields], text };
}

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
    const { fields, text } = unstorableFields(value, metadata.data ?? metadata.type);
    if (fields.length > 0) throw text ? unstorableText(fields) : badInput(fields);
    return value;
  }
}
