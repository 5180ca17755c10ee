// graphql-codegen: TypeScript types and TypedDocumentNodes for the operations in src/, from the service's schema file.
// Run from this folder: npx graphql-codegen --config codegen.ts (no server needed; --check says whether src/gql is stale).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The schema the service prints (npm run schema at the repository's root); a copy of it works as well.
  schema: '../../schema.gql',
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // ESM under "module": "nodenext": imports need their extension.
        importExtension: '.js',
        useTypeImports: true,
        // Unions of string literals rather than TypeScript enums: nothing at run time, nothing to import.
        enumType: 'string-literal',
        scalars: { DateTime: 'string', Date: 'string' },
        strictScalars: true,
      },
    },
  },
};

export default config;
