/** Where a model file lives in the Hub layout, whatever the host: the key model files are stored by. */

const RESOLVE = '/resolve/';

/** `https://host/org/name/resolve/main/onnx/x.onnx` → `org/name/resolve/main/onnx/x.onnx`. */
export function hubPathOf(url: string): { key: string; modelId: string; file: string } | null {
  let path: string;
  try {
    path = new URL(url, 'http://x.invalid').pathname;
  } catch {
    return null;
  }
  const at = path.indexOf(RESOLVE);
  if (at < 0) return null;
  const modelId = decodeURIComponent(path.slice(1, at));
  const rest = path.slice(at + RESOLVE.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const file = decodeURIComponent(rest.slice(slash + 1));
  return { key: `${modelId}${RESOLVE}${rest}`, modelId, file };
}
