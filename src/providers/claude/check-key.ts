/**
 * The Settings "check key" button. Uses `GET /v1/models?limit=1` (free: no tokens are used);
 * when a proxy/gateway does not serve that endpoint (404/405), falls back to a 1-token
 * `POST /v1/messages` on the configured model (costs a few input tokens).
 */
import { serializeError, toTandemError } from '../../core/errors';
import { offlineError, unreachableError } from './connection-errors';
import { mapHttpError } from './http-errors';
import { toMessagesBody } from './mappers';

export type CheckKeyResult =
  { ok: true; via: 'models' | 'messages' } | { ok: false; error: ReturnType<typeof serializeError> };

export interface KeyCheckTarget {
  fetch: typeof fetch;
  baseUrl: string;
  headers: (json: boolean) => Record<string, string>;
  model: string;
  apiKey: string;
  isOnline: () => boolean;
}

export async function checkClaudeKey(target: KeyCheckTarget, signal?: AbortSignal): Promise<CheckKeyResult> {
  const { baseUrl, model, apiKey } = target;
  try {
    if (!target.isOnline()) throw offlineError();
    const init = { method: 'GET', headers: target.headers(false), ...(signal ? { signal } : {}) };
    let response: Response;
    try {
      response = await target.fetch(`${baseUrl}/v1/models?limit=1`, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw unreachableError(new URL(baseUrl).origin, error);
    }
    if (response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, via: 'models' };
    }
    if (response.status !== 404 && response.status !== 405) {
      throw mapHttpError(response.status, await response.text().catch(() => ''), {
        retryAfter: response.headers.get('retry-after'),
        model,
        apiKey,
      });
    }
    const body = toMessagesBody([{ role: 'user', content: 'Hi' }], { model, maxTokens: 1 });
    const probe = await target.fetch(`${baseUrl}/v1/messages`, {
      method: 'POST',
      headers: target.headers(true),
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    if (!probe.ok) {
      throw mapHttpError(probe.status, await probe.text().catch(() => ''), {
        retryAfter: probe.headers.get('retry-after'),
        model,
        apiKey,
      });
    }
    await probe.body?.cancel().catch(() => undefined);
    return { ok: true, via: 'messages' };
  } catch (error) {
    return { ok: false, error: serializeError(toTandemError(error)) };
  }
}
