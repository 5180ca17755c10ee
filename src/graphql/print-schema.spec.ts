// schema.gql is what the resolvers build: a change to a model, an argument or a description without `npm run schema`
// fails here, not in a client generating its types from a stale file.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchemaSdl } from './print-schema.js';

describe('schema.gql', () => {
  it('is the schema the resolvers build (npm run schema writes it)', async () => {
    expect(await buildSchemaSdl()).toBe(readFileSync(new URL('../../schema.gql', import.meta.url), 'utf8'));
  });
});
