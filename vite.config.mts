import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * The renderer is built once and served two ways: from file:// inside Electron and from http://127.0.0.1 by the
 * browser host. Hence `base: './'` (relative asset URLs) and hash routing in renderer/src/router.ts.
 * `npm run dev`-style work: set BRANCHBOX_HOST=http://127.0.0.1:PORT to proxy /api to a running browser host.
 */
const host = process.env.BRANCHBOX_HOST;

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  define: {
    // vue-i18n: Composition API only, no devtools; messages are compiled to an AST at run time (no eval, CSP-safe).
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Electron 39 and current Chromium support modulepreload natively.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  server: host ? { proxy: { '/api': { target: host, changeOrigin: false } } } : {},
});
