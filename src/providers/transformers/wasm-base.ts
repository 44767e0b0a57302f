/**
 * Where the app serves onnxruntime-web's wasm (`public/ort/`, precached by the service worker):
 * the absolute URL every worker load passes as `wasmBase`. Page side; the one definition.
 */
export function wasmBase(): string {
  const path = `${import.meta.env.BASE_URL}ort/`;
  return typeof location === 'undefined' ? path : new URL(path, location.href).href;
}
