/**
 * The one normaliser of a user-typed service URL (the model download host, the Claude base URL).
 * Pure. Only http(s); never with a user name or password (they would be sent with every request
 * and kept in settings and exports). `trailingSlash` says how the caller joins paths: "always"
 * for transformers.js (`host + path`), "never" for Claude (`base + '/v1/...'`).
 */
export function normaliseHttpUrl(input: string, trailingSlash: 'always' | 'never'): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const href = url.href.replace(/\/+$/, '');
  return trailingSlash === 'always' ? `${href}/` : href;
}
