/**
 * Tandem's Content-Security-Policy, built in one place for the preview and dev servers
 * (vite.config.ts), the `<meta>` fallback in the built index.html, and the hosting docs.
 *
 * A header cannot know what a user typed in Settings: `connect-src` lists the default model
 * host (the Hugging Face Hub and its file CDNs), WebLLM's library host and the Anthropic API,
 * plus whatever the host operator adds (`TANDEM_CSP_CONNECT_SRC`, space-separated origins).
 * A mirror or Claude base URL a user sets must be added there by whoever serves the app;
 * until then the app says the request was blocked by the security policy (see violations.ts).
 */

/** Where model files, WebLLM libraries and Claude answers come from by default. */
export const DEFAULT_CONNECT_SOURCES = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
  'https://api.anthropic.com',
];

export interface CspOptions {
  /** Extra origins for connect-src (a mirror, a Claude proxy, local test servers). */
  extraConnect?: string[];
  /** Vite's dev server injects styles and talks to its HMR socket. */
  dev?: boolean;
}

/** Only origins (`https://host[:port]`, wildcards allowed): nothing that could widen the policy. */
export function isConnectSource(source: string): boolean {
  return /^(https?|wss?):\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5}|:\*)?$/i.test(source);
}

/** Splits `TANDEM_CSP_CONNECT_SRC`; throws on anything that is not an origin. */
export function parseConnectSources(value: string | undefined): string[] {
  const sources = (value ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => s.replace(/\/$/, ''));
  const bad = sources.find((s) => !isConnectSource(s));
  if (bad) throw new Error(`TANDEM_CSP_CONNECT_SRC: "${bad}" is not an origin like https://mirror.example`);
  return sources;
}

export function cspDirectives(options: CspOptions = {}): [string, string[]][] {
  const connect = ["'self'", ...DEFAULT_CONNECT_SOURCES, ...(options.extraConnect ?? [])];
  if (options.dev) connect.push('ws:');
  return [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', connect],
    ['img-src', ["'self'", 'data:']],
    ['style-src', options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    // The web app manifest (install) is not covered by the others; default-src 'none' would block it.
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return cspDirectives(options)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The `<meta>` equivalent for hosts that cannot send headers. It keeps every script, style,
 * object and base rule; it leaves out connect-src (a meta tag cannot vary with the host's
 * mirror; the header carries it) and frame-ancestors (ignored in meta), hence no default-src.
 */
export function metaContentSecurityPolicy(): string {
  const keep = new Set([
    'script-src',
    'worker-src',
    'img-src',
    'style-src',
    'manifest-src',
    'object-src',
    'base-uri',
    'form-action',
  ]);
  return cspDirectives()
    .filter(([name]) => keep.has(name))
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Every response of the app: the policy plus the two other hardening headers. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
