import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.KESTREL_API_URL ?? 'http://127.0.0.1:3000';

// Served by the API under /admin; in development Vite proxies API calls to it.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: {
    port: 5173,
    proxy: { '/api': api, '/downloads': api, '/readyz': api, '/healthz': api, '/docs': api },
  },
});
