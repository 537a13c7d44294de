// Lint rules, including the layering of ARCHITECTURE.md §1: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import kith from './build/eslint-layers.mjs';

const SOURCES = '{ts,tsx,js,jsx,mjs,cjs}';
const electron = { names: ['electron'], message: 'Only electron/main and electron/preload import Electron.' };
const react = { names: ['react', 'react-dom'], message: 'shared/ is UI-free.' };
const NODE = 'This layer runs where Node built-ins do not exist.';
const folder = (name, message) => ({ folder: name, message });

/** One layer of ARCHITECTURE.md §1: what the files of `dir` never import (tests may reach further). */
const layer = (dir, never) => ({
  files: [`${dir}/**/*.${SOURCES}`],
  ignores: ['**/*.test.*'],
  plugins: { kith },
  rules: { 'kith/layers': ['error', never] },
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
  layer('shared', {
    packages: [electron, react],
    nodeBuiltins: NODE,
    folders: [folder('renderer', 'shared/ never imports renderer/.'), folder('electron', 'shared/ never imports electron/.')],
  }),
  {
    // shared/ runs in the renderer and in Node alike: no DOM or Node globals.
    files: [`shared/**/*.${SOURCES}`],
    ignores: ['**/*.test.*'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  layer('renderer', {
    packages: [electron],
    nodeBuiltins: NODE,
    folders: [folder('electron', 'The renderer reaches the host only through window.kith.')],
  }),
  layer('electron/host', {
    packages: [electron],
    folders: [
      folder('renderer', 'The host never imports the UI.'),
      folder('electron/main', 'host/ never imports electron/main.'),
      folder('electron/preload', 'host/ never imports electron/preload.'),
    ],
  }),
  layer('electron/preload', {
    nodeBuiltins: NODE,
    folders: [folder('renderer', 'The preload never imports the UI.'), folder('electron/host', 'The preload never imports the host.')],
  }),
  layer('electron/main', { folders: [folder('renderer', 'Main never imports the UI; it loads the built renderer.')] }),
);
