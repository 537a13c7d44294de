import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows no inline script; keep Vite from inlining the module preload helper.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One bundle read from local disk (or 127.0.0.1): the web's 500 kB advice does not apply.
    chunkSizeWarningLimit: 2000,
  },
});
