/**
 * Files the service worker caches on first use (onnxruntime's WebGPU build, see vite.config.ts)
 * are fetched by a worker. A worker started before the service worker took the page (the very
 * first visit) is not controlled by it, so its downloads are not cached: fetch what is still
 * missing once more from the page, through the service worker, so it works offline afterwards.
 */
export async function keepForOffline(paths: readonly string[]): Promise<void> {
  if (typeof caches === 'undefined' || !navigator.serviceWorker?.controller) return;
  for (const path of paths) {
    const url = new URL(path, location.href).href;
    try {
      // ignoreVary: a copy stored from a worker's request (with an Origin header) counts too.
      if (await caches.match(url, { ignoreSearch: true, ignoreVary: true })) continue;
      const response = await fetch(url);
      await response.arrayBuffer(); // read to the end so the service worker stores it whole
    } catch {
      // Offline or refused: the offline check will say what is missing.
    }
  }
}

/** onnxruntime's WebGPU build, served by the app. */
export function webGpuRuntimeFiles(): string[] {
  const base = `${import.meta.env.BASE_URL}ort/ort-wasm-simd-threaded.asyncify`;
  return [`${base}.mjs`, `${base}.wasm`];
}
