/**
 * Which models the user's server offers: `GET /v1/models` (every OpenAI-compatible server),
 * else Ollama's own `GET /api/tags`. Also the Settings "Check connection" probe: a list means the
 * URL, the key and CORS all work. The key is sent only to that server.
 */
import * as v from 'valibot';
import { TandemError } from '../../core/errors';
import { currentPage, malformedError, requestFailedError, type PageOrigin } from './connection';
import { mapServerError } from './http-errors';
import { apiRoot, authHeaders, nativeRoot } from './url';
import { ModelsSchema, OllamaTagsSchema, firstIssue } from './wire';

export interface DiscoveryOptions {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  page?: PageOrigin | null;
  /** Default 15 s. */
  timeoutMs?: number;
}

export interface DiscoveredModels {
  models: string[];
  /** Which endpoint answered. */
  source: 'openai' | 'ollama';
}

async function getJson(
  url: string,
  opts: DiscoveryOptions,
): Promise<{ status: number; json: unknown; text: string; retryAfter: string | null }> {
  const f = opts.fetch ?? globalThis.fetch;
  const timeout = new AbortController();
  const ms = opts.timeoutMs ?? 15_000;
  const timer = setTimeout(
    () =>
      timeout.abort(
        new TandemError(
          'timeout',
          `Your server did not answer within ${Math.round(ms / 1000)} s. Check the Server URL and that it is running.`,
          {
            retryable: true,
            name: 'ServerError',
            details: { timeout: 'first-byte' },
          },
        ),
      ),
    ms,
  );
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
  try {
    let response: Response;
    try {
      response = await f(url, { headers: authHeaders(opts.apiKey?.trim() ?? ''), signal });
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw requestFailedError(new URL(url), opts.page === undefined ? currentPage() : opts.page, error);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json, text, retryAfter: response.headers.get('retry-after') };
  } finally {
    clearTimeout(timer);
  }
}

/** Lists the server's model ids (sorted as the server sent them, duplicates dropped). */
export async function listServerModels(opts: DiscoveryOptions): Promise<DiscoveredModels> {
  const apiKey = opts.apiKey?.trim() ?? '';
  const openai = await getJson(`${apiRoot(opts.baseUrl)}/models`, opts);
  if (openai.status >= 200 && openai.status < 300) {
    const parsed = v.safeParse(ModelsSchema, openai.json);
    if (parsed.success)
      return { models: [...new Set(parsed.output.data.map((m) => m.id))], source: 'openai' };
    if (!v.is(OllamaTagsSchema, openai.json))
      throw malformedError(`the model list: ${firstIssue(parsed.issues)}`);
  }
  // An older Ollama (or a proxy) without /v1/models still has its native list.
  if (openai.status === 404 || openai.status === 405 || (openai.status >= 200 && openai.status < 300)) {
    const ollama = await getJson(`${nativeRoot(opts.baseUrl)}/api/tags`, opts);
    if (ollama.status >= 200 && ollama.status < 300) {
      const parsed = v.safeParse(OllamaTagsSchema, ollama.json);
      if (parsed.success)
        return { models: [...new Set(parsed.output.models.map((m) => m.name))], source: 'ollama' };
      throw malformedError(`the model list: ${firstIssue(parsed.issues)}`);
    }
    if (openai.status >= 200 && openai.status < 300) throw malformedError('the model list has no "data"');
  }
  const error = mapServerError(openai.status, openai.text, { retryAfter: openai.retryAfter, apiKey });
  if (error.code === 'not-found') {
    throw new TandemError(
      'not-found',
      `Your server has no model list at ${apiRoot(opts.baseUrl)}/models. Check the Server URL: it is the address of an OpenAI-compatible API (Ollama, llama-server, LM Studio, vLLM).`,
      { name: 'ServerError', details: { status: openai.status } },
    );
  }
  throw error;
}
