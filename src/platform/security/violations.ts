/**
 * Tells the user when the security policy blocked a request, instead of a bare network error:
 * typically a model mirror or Claude base URL set in Settings that the site's policy does not
 * list. Decisions use the directive, never display text.
 */
export interface BlockedRequest {
  origin: string;
  directive: string;
}

export function blockedRequestOf(
  event: Pick<SecurityPolicyViolationEvent, 'blockedURI' | 'effectiveDirective'>,
): BlockedRequest | null {
  if (event.effectiveDirective !== 'connect-src') return null;
  try {
    return { origin: new URL(event.blockedURI).origin, directive: event.effectiveDirective };
  } catch {
    return null;
  }
}

export function blockedMessage(blocked: BlockedRequest): string {
  return `This site's security policy blocked a request to ${blocked.origin}. If you set that address in Settings (a model mirror or Claude base URL), whoever serves Tandem must add it to the policy's connect-src (see README → Hosting).`;
}

/** Calls `onBlocked` for each blocked connection from this page; returns the unsubscribe. */
export function watchBlockedRequests(onBlocked: (blocked: BlockedRequest) => void): () => void {
  const listener = (event: SecurityPolicyViolationEvent): void => {
    const blocked = blockedRequestOf(event);
    if (blocked) onBlocked(blocked);
  };
  document.addEventListener('securitypolicyviolation', listener);
  return () => document.removeEventListener('securitypolicyviolation', listener);
}

/** Whether `url` may be fetched under `policy` (a CSP header value), by its connect-src. */
export function connectAllowedBy(policy: string, url: string): boolean {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values] as const),
  );
  const sources = directives.get('connect-src') ?? directives.get('default-src');
  if (!sources) return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return sources.some((source) => sourceMatches(source, target));
}

function sourceMatches(source: string, target: URL): boolean {
  if (source === "'self'") return typeof location !== 'undefined' && target.origin === location.origin;
  if (source === "'none'" || source.startsWith("'")) return false;
  if (/^[a-z]+:$/i.test(source)) return target.protocol === source.toLowerCase();
  const match = /^([a-z]+):\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?/i.exec(source);
  if (!match) return false;
  const [, scheme, wildcard, host, port] = match;
  if (`${scheme!.toLowerCase()}:` !== target.protocol) return false;
  const hostOk = wildcard ? target.hostname.endsWith(`.${host}`) : target.hostname === host!.toLowerCase();
  const defaultPort = target.protocol === 'https:' ? '443' : '80';
  const portOk = port === '*' || (port ?? defaultPort) === (target.port || defaultPort);
  return hostOk && portOk;
}

/** The policy this page was served with, read from its own response; null when none. */
export async function currentPolicy(): Promise<string | null> {
  const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store' }).catch(() => null);
  return response?.headers.get('content-security-policy') ?? null;
}

/** Whether this page may connect to `url`; true when the page has no policy header. */
export async function connectAllowed(url: string): Promise<boolean> {
  const policy = await currentPolicy();
  return policy === null || connectAllowedBy(policy, url);
}
