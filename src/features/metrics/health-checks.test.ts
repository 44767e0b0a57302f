import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthInputs } from './health-checks';

const base: HealthInputs = {
  chat: { status: 'ready', selected: { label: 'Tiny', cached: true }, error: null },
  embedding: { mode: 'embeddings', model: 'enc', status: 'ready', cached: true, error: null },
  compression: { enabled: false, method: 'lexical', status: 'idle', error: null },
  claude: { hasKey: true, localOnly: false, check: { state: 'idle' } },
  serviceWorker: { supported: true, active: true },
  storage: { usage: 10 * 1024 * 1024, quota: 1000 * 1024 * 1024, persisted: true },
};
const byId = (input: HealthInputs) => new Map(evaluateHealth(input).map((c) => [c.id, c]));

describe('evaluateHealth', () => {
  it('everything up when the states say so', () => {
    const checks = byId(base);
    expect([...checks.values()].map((c) => c.up)).toEqual([true, true, null, true, true, true]);
    expect(checks.get('storage')!.reason).toBe('10 MB of 1000 MB used (1%); persistent.');
  });

  it('names a missing embedding model and a missing key, each with its action', () => {
    const checks = byId({
      ...base,
      embedding: { ...base.embedding, status: 'idle', cached: false },
      claude: { ...base.claude, hasKey: false },
    });
    expect(checks.get('embedding-model')).toMatchObject({
      up: false,
      reason: 'enc is missing: it is not on this device.',
      action: { code: 'retry-embedding' },
    });
    expect(checks.get('claude')).toMatchObject({
      up: false,
      reason: 'No API key.',
      action: { code: 'open-settings' },
    });
  });

  it('damaged embedding files are down with a re-download, in the words the health strip uses', () => {
    const error =
      "The embedding model enc could not load: The embedding model's files are damaged (onnx/model.onnx): re-download them.";
    const checks = byId({
      ...base,
      embedding: { ...base.embedding, status: 'error', error, errorCode: 'damaged-file' },
    });
    expect(checks.get('embedding-model')).toMatchObject({
      up: false,
      reason: error,
      action: { code: 'redownload-embedding', label: 'Re-download it' },
    });
    const other = byId({
      ...base,
      embedding: { ...base.embedding, status: 'error', error: 'x', errorCode: 'network' },
    });
    expect(other.get('embedding-model')!.action!.code).toBe('retry-embedding');
  });

  it('a failed Claude check, a nearly full disk, a chat model not loaded and LLMLingua-2 missing are down', () => {
    const checks = byId({
      ...base,
      chat: { status: 'idle', selected: { label: 'Tiny', cached: false }, error: null },
      compression: { enabled: true, method: 'llmlingua2', status: 'idle', error: null },
      claude: { ...base.claude, check: { state: 'failed', error: 'Claude rejected the API key.' } },
      storage: { usage: 95, quota: 100, persisted: false },
    });
    expect(checks.get('chat-model')).toMatchObject({ up: false, action: { code: 'open-models' } });
    expect(checks.get('chat-model')!.reason).toBe('Tiny is not downloaded.');
    expect(checks.get('compression')!.up).toBe(false);
    expect(checks.get('claude')).toMatchObject({ up: false, action: { code: 'check-claude' } });
    expect(checks.get('storage')).toMatchObject({ up: false });
  });

  it('components not in use are neither up nor down', () => {
    const checks = byId({
      ...base,
      embedding: { ...base.embedding, mode: 'off' },
      claude: { ...base.claude, localOnly: true, hasKey: false },
    });
    expect(checks.get('embedding-model')!.up).toBeNull();
    expect(checks.get('claude')!.up).toBeNull();
  });
});
