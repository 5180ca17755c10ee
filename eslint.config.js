// npm run lint: typescript-eslint's recommended rules over the service, the machine, migrations, tests, the bench and
// the example; the dashboard's plain ES modules with the browser's globals. Formatting is Prettier's (npm run lint
// checks both; npm run format writes it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'bench/.work/',
      'examples/*/dist/',
      'examples/*/src/gql/',
      '.data/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/dashboard/public/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['**/*.mjs', 'eslint.config.js', 'jest.config.js'], languageOptions: { globals: globals.node } },
  prettier,
);
