/**
 * The user's Server URL as the API's root. People paste every form servers document:
 * `http://localhost:11434`, `http://host:8080/v1`, `https://gateway.example/api/v1/`, so a
 * trailing `/v1` is optional and the root always ends in `/v1`. Ollama's native API
 * (`/api/tags`) lives beside it, at the root without `/v1`. A host without a scheme gets http://.
 */
import { TandemError } from '../../core/errors';
import { normaliseHttpUrl } from '../../core/url';

function invalid(input: string): TandemError {
  return new TandemError(
    'bad-request',
    `"${input.slice(0, 100)}" is not a server URL. Type it as http://HOST:PORT, e.g. http://localhost:11434 (Ollama) or http://localhost:8080 (llama-server).`,
    { name: 'ServerError', details: { reason: 'invalid-url' } },
  );
}

/** Parses and normalises a Server URL; null when it is not an http(s) URL without credentials. */
export function normaliseServerUrl(input: string): string | null {
  const typed = input.trim();
  if (!typed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`;
  const url = normaliseHttpUrl(withScheme, 'never');
  if (!url) return null;
  return url.replace(/[?#].*$/, '');
}

/** The chat-completions API root (ends in /v1). Throws `bad-request` for an unusable URL. */
export function apiRoot(baseUrl: string): string {
  const url = normaliseServerUrl(baseUrl);
  if (!url) throw invalid(baseUrl);
  return /\/v1$/.test(url) ? url : `${url}/v1`;
}

/** Where Ollama's native API lives (the root without /v1). */
export function nativeRoot(baseUrl: string): string {
  return apiRoot(baseUrl).replace(/\/v1$/, '');
}

export function authHeaders(apiKey: string): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}
