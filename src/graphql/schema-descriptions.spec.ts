// Every element of the committed schema.gql says what it is: clients generate their types and docs from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

const SCHEMA_FILE = new URL('../../schema.gql', import.meta.url);

/** Types (not built-in scalars, not `__` types), fields, arguments, input fields and enum values undescribed. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (what: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(what);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(`type ${type.name}`, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('finds every kind of element that lacks one', () => {
    const sdl = `
      """Described"""
      type Query { a(b: Int): E, c(d: I): Int }
      enum E { X }
      input I { f: Int }
      scalar S
    `;
    expect(undescribed(buildSchema(sdl))).toEqual([
      'Query.a',
      'Query.a(b)',
      'Query.c',
      'Query.c(d)',
      'type E',
      'E.X',
      'type I',
      'I.f',
      'type S',
    ]);
  });

  it('describes every type, field, argument, input field and enum value of schema.gql', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    // The list is the failure message: each element still to describe, as Type.field(argument).
    expect(undescribed(schema)).toEqual([]);
  });
});
