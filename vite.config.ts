import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { metaContentSecurityPolicy, parseConnectSources, securityHeaders } from './src/platform/security/csp';

/** onnxruntime-web's dist folder, resolved from transformers.js so the versions always match. */
const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
const ortDist = dirname(fromTransformers.resolve('onnxruntime-web'));
/** The two wasm builds the app uses: asyncify (WebGPU) and plain (WASM, faster on CPU). */
export const ORT_FILES = [
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];

/**
 * Serves onnxruntime-web's wasm from the app itself at /ort/ (dev) and emits it into the
 * build, so nothing is ever fetched from a CDN and the service worker can precache it.
 */
function selfHostedOrt(): Plugin {
  return {
    name: 'tandem:self-hosted-ort',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = req.url?.match(/^\/ort\/([\w.-]+)$/);
        const file = match?.[1];
        if (!file || !ORT_FILES.includes(file)) return next();
        const path = join(ortDist, file);
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        res.setHeader('Content-Length', statSync(path).size);
        createReadStream(path).pipe(res);
      });
    },
    generateBundle() {
      for (const file of ORT_FILES) {
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(join(ortDist, file)) });
      }
    },
  };
}

/** wllama's one wasm build (single-thread, multi-thread and WebGPU), for GGUF models. */
const wllamaDir = dirname(createRequire(import.meta.url).resolve('@wllama/wllama/package.json'));
const wllamaWasm = join(wllamaDir, 'esm/wasm/wllama.wasm');

/** Serves wllama's wasm at /wllama/wllama.wasm (dev) and emits it into the build: no CDN. */
function selfHostedWllama(): Plugin {
  return {
    name: 'tandem:self-hosted-wllama',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== '/wllama/wllama.wasm') return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.setHeader('Content-Length', statSync(wllamaWasm).size);
        createReadStream(wllamaWasm).pipe(res);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'wllama/wllama.wasm', source: readFileSync(wllamaWasm) });
    },
  };
}

/**
 * WebLLM's and LLMLingua-2's libraries get recognisable names, so the service worker can cache
 * them on first use instead of precaching them.
 */
function chunkFileName(chunk: { name: string; moduleIds: string[] }): string {
  const has = (lib: string): boolean => chunk.moduleIds.some((id) => id.includes(`/node_modules/${lib}/`));
  if (has('@mlc-ai/web-llm')) return 'assets/webllm-lib-[hash].js';
  if (has('js-tiktoken') || has('@atjsh/llmlingua-2')) return 'assets/compress-lib-[hash].js';
  if (has('@wllama/wllama')) return 'assets/wllama-lib-[hash].js';
  return 'assets/[name]-[hash].js';
}

/** Not precached: only some users need them, and they are large. */
const RUNTIME_CACHED = [
  'ort/ort-wasm-simd-threaded.asyncify.*',
  'assets/webllm*.js',
  'assets/compress.worker-*.js',
  'assets/compress-lib-*.js',
  'wllama/wllama.wasm',
  // The GGUF engine's worker and llama.cpp's JS glue: only GGUF users need them (cached on use).
  'assets/gguf.worker-*.js',
  'assets/wllama-lib-*.js',
  // pdf.js (1.6 MB), for attached PDFs: cached on first use, not on every first visit.
  'assets/pdf-*.js',
  'assets/pdf.worker-*.js',
];
const wllamaVersion = (
  JSON.parse(readFileSync(join(wllamaDir, 'package.json'), 'utf8')) as { version: string }
).version;
const ortVersion = (
  JSON.parse(readFileSync(join(ortDist, '..', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Cache-first on first use, so these work offline after one online use. The onnxruntime files
 * are not hashed: their cache is named after the onnxruntime version, so an update never mixes a
 * new glue script with an old wasm. WebLLM's chunks are hashed; old ones age out (maxEntries).
 */
function runtimeCaching() {
  // The server answers with `Vary: Origin`; a module import from a worker sends an Origin header
  // that a plain fetch of the same file does not. Both must find the one cached copy.
  const matchOptions = { ignoreVary: true };
  return [
    {
      urlPattern: /\/ort\/ort-wasm-simd-threaded\.asyncify\.(mjs|wasm)$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: `tandem-ort-webgpu-${ortVersion}`, expiration: { maxEntries: 2 }, matchOptions },
    },
    {
      // GGUF models' engine (10 MB): cached on first use, named after the wllama version.
      urlPattern: /\/wllama\/wllama\.wasm$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: `tandem-wllama-${wllamaVersion}`, expiration: { maxEntries: 1 }, matchOptions },
    },
    {
      urlPattern: /\/assets\/(gguf\.worker|wllama-lib)-[\w-]+\.js$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: 'tandem-gguf-engine', expiration: { maxEntries: 6 }, matchOptions },
    },
    {
      urlPattern: /\/assets\/pdf(\.worker)?-[\w-]+\.js$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: 'tandem-pdfjs', expiration: { maxEntries: 4 }, matchOptions },
    },
    {
      urlPattern: /\/assets\/webllm[\w.-]*\.js$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: 'tandem-webllm', expiration: { maxEntries: 6 }, matchOptions },
    },
    {
      urlPattern: /\/assets\/compress(-lib|\.worker)-[\w-]+\.js$/,
      handler: 'CacheFirst' as const,
      options: { cacheName: 'tandem-compression', expiration: { maxEntries: 12 }, matchOptions },
    },
  ];
}

/**
 * Cross-origin isolation lets onnxruntime use WASM threads. `credentialless` (not
 * `require-corp`) keeps cross-origin model downloads from the Hub working.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/**
 * The Content-Security-Policy (src/platform/security/csp.ts) on every response of the preview and
 * dev servers; `TANDEM_CSP_CONNECT_SRC` adds origins to connect-src (a mirror, a Claude proxy,
 * the local test servers). The built index.html carries the meta equivalent.
 */
const extraConnect = parseConnectSources(process.env.TANDEM_CSP_CONNECT_SRC);

function metaCsp(): Plugin {
  return {
    name: 'tandem:meta-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    selfHostedOrt(),
    selfHostedWllama(),
    metaCsp(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'favicon.svg'],
      manifest: {
        id: '/',
        name: 'Tandem — local-first AI chat',
        short_name: 'Tandem',
        description: 'Chat with small language models that run on your own device, offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#4f46e5',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webmanifest,wasm}'],
        // onnxruntime-web's own `new URL('*.wasm', import.meta.url)` makes Vite emit a hashed copy
        // of a wasm build we already serve from /ort/: never precache it twice. The WebGPU build of
        // onnxruntime (27 MB) and WebLLM (2 x 6 MB) are cached on first use instead (below).
        globIgnores: ['assets/ort-wasm-*.wasm', '**/*.map', ...RUNTIME_CACHED],
        // The plain onnxruntime wasm build, which health and CPU chat need, is 14 MB.
        maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
        runtimeCaching: runtimeCaching(),
        navigateFallback: 'index.html',
        // On the first install the worker takes the open page at once (updates still wait for the
        // user), so what it loads in that first visit (a WebGPU runtime, WebLLM) is cached too.
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: { format: 'es', rolldownOptions: { output: { chunkFileNames: chunkFileName } } },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: { chunkFileNames: chunkFileName },
      // A feature's index re-exports its components; a component nothing renders must not ride
      // along into the entry. Compiled components only register (event delegation, styles) what
      // they need when rendered, so an unused one is safe to drop.
      treeshake: { moduleSideEffects: (id: string) => !id.endsWith('.svelte') },
    },
  },
  server: {
    headers: { ...isolationHeaders, ...securityHeaders({ extraConnect, dev: true }) },
    host: '127.0.0.1',
  },
  preview: {
    headers: { ...isolationHeaders, ...securityHeaders({ extraConnect }) },
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
});
