import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Dev: `npm run dev -w @cchc/web` proxies /api to the Fastify server (API_PROXY_TARGET, default :3000). */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments rollup cannot place; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) {
          return;
        }
        warn(warning);
      },
      output: {
        // Only React (and the router) get a chunk of their own: every page needs them and they change
        // rarely, so the browser keeps them cached across releases. Everything else — Ant Design,
        // ECharts, ExcelJS-like tools — is split by the bundler along the pages that use it, so the
        // sign-in page does not download the charts (route-level splitting in src/app/router.tsx).
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|react-router|react-router-dom|scheduler)\//.test(id)) {
            return 'react';
          }
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.API_PROXY_TARGET ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
});
