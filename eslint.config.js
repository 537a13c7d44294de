// Lint rules, including the layering of ARCHITECTURE.md §1: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electron = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload import Electron.' };
const NODE_MESSAGE = 'This layer runs where Node built-ins do not exist.';
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({ name, message: NODE_MESSAGE }));
const nodeOnly = { group: ['node:*'], message: NODE_MESSAGE };
const react = { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'shared/ is UI-free.' };
const dir = (name, why) => ({ group: [`**/${name}`, `**/${name}/**`], message: why });

const sibling = (name, why) => ({ group: [`../${name}`, `../${name}/**`], message: why });

const layer = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns, paths: patterns.includes(nodeOnly) ? nodeBuiltinPaths : [] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['bench/lib/page/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(['shared/**/*.ts'], [
    electron,
    nodeOnly,
    react,
    dir('renderer', 'shared/ never imports renderer/.'),
    dir('electron', 'shared/ never imports electron/.'),
  ]),
  {
    // shared/ runs in the renderer and in Node alike: no DOM or Node globals.
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  layer(['renderer/**/*.{ts,tsx}'], [electron, nodeOnly, dir('electron', 'The renderer reaches the host only through window.kith.')]),
  layer(['electron/host/**/*.ts'], [
    electron,
    dir('renderer', 'The host never imports the UI.'),
    sibling('main', 'host/ never imports electron/main.'),
    sibling('preload', 'host/ never imports electron/preload.'),
  ]),
  layer(['electron/preload/**/*.ts'], [nodeOnly, dir('renderer', 'The preload never imports the UI.'), sibling('host', 'The preload never imports the host.')]),
  layer(['electron/main/**/*.ts'], [dir('renderer', 'Main never imports the UI; it loads the built renderer.')]),
);
