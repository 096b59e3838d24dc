import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Pruning Lab is a static app: everything it needs is in public/ (data, checkpoints) or bundled.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: false },
});
