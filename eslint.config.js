import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-ssr',
      'dist-*',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench/results.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.js', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'd3*', '@/*', '~/*'],
              message: 'src/core imports no React, no DOM helpers and no path aliases.',
            },
            {
              regex: '(^|/)(articles|widgets|site)/',
              message:
                'src/core is shared by every article: it imports no article, widget or page.',
            },
          ],
        },
      ],
    },
  },
  {
    // An article's own math is held to the core's rule: pure, and built on the core alone.
    files: ['articles/*/math.ts', 'articles/*/math/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\.?/|@tensorflow/tfjs-core$)',
              message:
                "An article's math imports only src/core, its own folder and tfjs-core types (no React, no DOM, no d3).",
            },
            {
              regex: '^(\\.\\./)+(?!src/core/)[^.]',
              message: "An article's math imports only from src/core and its own folder.",
            },
            {
              regex: '(^|/)widgets(/|$)',
              message: "An article's math imports no widget: the widgets are views over it.",
            },
          ],
        },
      ],
    },
  },
);
