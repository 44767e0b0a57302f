/**
 * Why a request to the user's server failed before any answer, and what to do about it.
 *
 * A browser reports every refused request the same way (a fetch `TypeError`, no status, no body,
 * on purpose), so the page cannot tell "not running" from "CORS" apart. What it can tell from the
 * two URLs alone is said exactly:
 * - mixed content: an https page cannot call an http address, except loopback (localhost);
 * - Private Network Access: Chrome asks a private-network server's consent (preflight with
 *   `Access-Control-Allow-Private-Network: true`) before a public page may call it;
 * - otherwise: not reachable, or the server does not allow this page's origin (CORS), with the
 *   switch for each common server.
 * `details.reason` carries the class for code that decides; the message is for people.
 */
import { TandemError } from '../../core/errors';

/** Where the app runs: `location` in a page, null in Node (the CLI, tests). */
export interface PageOrigin {
  origin: string;
  protocol: string;
  hostname: string;
}

export type FailureReason = 'mixed-content' | 'private-network' | 'cors-or-unreachable' | 'unreachable';

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Loopback per the Secure Contexts spec: localhost, *.localhost, 127/8, ::1. */
export function isLoopback(hostname: string): boolean {
  const host = bareHost(hostname);
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1'
  );
}

/** A private-network address (RFC 1918, link-local, ULA) or a local-only name. */
export function isPrivateHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isLoopback(host)) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  if (host.includes(':')) return /^f[cd]/.test(host) || host.startsWith('fe80:');
  return !host.includes('.') || /\.(local|lan|internal|home\.arpa)$/.test(host);
}

export function currentPage(): PageOrigin | null {
  const loc = (globalThis as { location?: { origin?: string; protocol?: string; hostname?: string } })
    .location;
  if (!loc?.origin || !loc.protocol || loc.hostname === undefined) return null;
  if (loc.protocol !== 'http:' && loc.protocol !== 'https:') return null;
  return { origin: loc.origin, protocol: loc.protocol, hostname: loc.hostname };
}

export function classifyFailure(target: URL, page: PageOrigin | null): FailureReason {
  if (!page) return 'unreachable';
  if (page.protocol === 'https:' && target.protocol === 'http:' && !isLoopback(target.hostname)) {
    return 'mixed-content';
  }
  if (!isPrivateHost(page.hostname) && isPrivateHost(target.hostname)) return 'private-network';
  return 'cors-or-unreachable';
}

export function corsHints(pageOrigin: string): string {
  return (
    `Ollama: start it with OLLAMA_ORIGINS=${pageOrigin}; llama-server: --cors-origins ${pageOrigin}; ` +
    `LM Studio: turn on "Enable CORS" in the server settings; vLLM: --allowed-origins '["${pageOrigin}"]'.`
  );
}

function causeCode(cause: unknown): string | null {
  const inner = (cause as { cause?: { code?: unknown } } | null)?.cause;
  return typeof inner?.code === 'string' ? inner.code : null;
}

/** A fetch that threw before any response (not the user's Stop, not a timeout). */
export function requestFailedError(target: URL, page: PageOrigin | null, cause: unknown): TandemError {
  const reason = classifyFailure(target, page);
  const at = target.host;
  let message: string;
  switch (reason) {
    case 'mixed-content':
      message =
        `The browser blocked the request to http://${at}: this page is served over https, and an https page may not call an http address other than localhost (mixed content). ` +
        'Serve your server over https (a reverse proxy such as Caddy with a certificate), reach it through localhost (an SSH tunnel: ssh -L PORT:localhost:PORT host), or open Tandem itself from http://localhost.';
      break;
    case 'private-network':
      message =
        `The browser did not let this public page reach ${at} on your private network. Chrome asks the server first (Private Network Access): ` +
        'the server must answer the preflight with Access-Control-Allow-Private-Network: true (put a proxy in front of it that adds this header), and Chrome may ask you to allow local network access for this site. ' +
        `The server must also allow this origin: ${corsHints(page!.origin)}`;
      break;
    case 'cors-or-unreachable':
      message =
        `Could not get an answer from your server at ${at}. Either it is not running or not reachable at that address (check the Server URL), ` +
        `or it does not allow this page's origin (CORS): ${corsHints(page!.origin)} ` +
        "If you host Tandem yourself, the Content-Security-Policy's connect-src must also list the server.";
      break;
    default: {
      const code = causeCode(cause);
      message = `Could not reach your server at ${at}${code ? ` (${code})` : ''}. Check the Server URL and that the server is running.`;
    }
  }
  const details: Record<string, string | number | boolean> = { reason, host: at };
  const code = causeCode(cause);
  if (code) details.cause = code;
  return new TandemError('network', message, {
    name: 'ServerError',
    retryable: reason !== 'mixed-content',
    cause,
    details,
  });
}

/** The stream broke (or ended) before the server finished: the partial answer is kept. */
export function streamCutError(cause: unknown, partial: boolean): TandemError {
  const kept = partial ? ' The partial answer is kept; retry to get a full one.' : ' Retry to ask again.';
  return new TandemError(
    'network',
    `The connection to your server was lost before the answer ended.${kept}`,
    {
      name: 'ServerError',
      retryable: true,
      cause,
      details: { partial, reason: 'cut' },
    },
  );
}

export function firstByteTimeoutError(seconds: number): TandemError {
  return new TandemError(
    'timeout',
    `Your server did not start answering within ${seconds} s. It may still be loading the model: try again, or raise the timeout.`,
    { retryable: true, name: 'ServerError', details: { timeout: 'first-byte' } },
  );
}

export function idleTimeoutError(seconds: number, partial: boolean): TandemError {
  const kept = partial ? ' The partial answer is kept; retry to get a full one.' : ' Retry to ask again.';
  return new TandemError(
    'timeout',
    `Your server stopped sending for ${seconds} s in the middle of the answer.${kept}`,
    {
      name: 'ServerError',
      retryable: true,
      details: { timeout: 'idle', partial },
    },
  );
}

export function malformedError(issue: string): TandemError {
  return new TandemError(
    'bad-response',
    `Your server sent a chunk Tandem could not read: ${issue}. The partial answer is kept; retry, or check that the Server URL is an OpenAI-compatible API.`,
    { retryable: true, name: 'ServerError', details: { partial: true } },
  );
}
