import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by Invigil same-origin under /special-exams/ (see README.md).
export default defineConfig({
  base: '/special-exams/',
  plugins: [react()],
  resolve: {
    alias: {
      // Trap 1: frontend-platform imports a build-time alias named "env.config".
      'env.config': fileURLToPath(new URL('./src/env.config.js', import.meta.url)),
    },
    // One copy of each of these, whatever nested copies npm left around.
    dedupe: ['react', 'react-dom', 'react-redux', 'react-intl', '@edx/frontend-platform', '@openedx/paragon'],
  },
  define: {
    // frontend-platform's config.js reads many process.env.* values at import time.
    'process.env.NODE_ENV': JSON.stringify('production'),
    'process.env': '{}',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Paragon's prebuilt CSS is already minified and has var() inside @media, which
    // lightningcss's minifier rejects ("Invalid media query"): do not re-minify CSS.
    cssMinify: false,
    chunkSizeWarningLimit: 4000,
  },
  preview: {
    port: 4173,
    strictPort: true,
  },
});
