import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The panels other than containers are chunks of their own (renderer/src/App.tsx), evaluated only when shown.
 * Fetch them with the page all the same, as modulepreload links (marked data-lazy): they then arrive while the
 * page loads, not at some later moment when a fetch can fail (a network change aborts requests in flight, even
 * to loopback: Chromium sees one whenever the engine adds a container's interface), and switching panels never
 * waits for the network. Fetching and parsing is off the main thread; what the split saves is evaluating them.
 */
function preloadLazyChunks(): Plugin {
  return {
    name: 'berth-preload-lazy-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const links = Object.values(ctx.bundle ?? {})
          .filter((f) => f.type === 'chunk' && f.fileName.endsWith('.js') && !html.includes(f.fileName))
          .map((f) => `    <link rel="modulepreload" crossorigin href="./${f.fileName}" data-lazy>\n`)
          .join('');
        return html.replace(/\n?\s*<\/head>/, `\n${links}  </head>`);
      },
    },
  };
}

/** One build tool for the three targets: main (with web mode), preload, renderer. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          web: resolve(import.meta.dirname, 'main/web.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload is one CommonJS file: bundle everything it imports.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react(), preloadLazyChunks()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      // One stylesheet, loaded with the page: a lazy panel's CSS would otherwise be fetched when it is first shown.
      cssCodeSplit: false,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
