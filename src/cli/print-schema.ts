import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildSchemaSdl } from '../graphql/print-schema.js';

writeFileSync('schema.gql', await buildSchemaSdl());
console.log('schema.gql written');
