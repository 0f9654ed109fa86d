import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base: the built lab works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: 'dist', sourcemap: true },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
