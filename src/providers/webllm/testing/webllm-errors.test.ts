/** The look-alike error classes must say exactly what the installed WebLLM says. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as replicas from './webllm-errors';

const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve('@mlc-ai/web-llm'), 'utf8');

/** The part of a message before its first interpolated value. */
function staticPrefix(message: string, ...values: string[]): string {
  let cut = message.length;
  for (const v of values) {
    const i = message.indexOf(v);
    if (i >= 0) cut = Math.min(cut, i);
  }
  return message.slice(0, Math.min(cut, 60));
}

describe('WebLLM error look-alikes', () => {
  const cases: Array<[Error, string, string[]]> = [
    [new replicas.DeviceLostError(), 'DeviceLostError', []],
    [new replicas.ContextWindowSizeExceededError(11, 22), 'ContextWindowSizeExceededError', ['11']],
    [new replicas.WebGPUNotAvailableError(), 'WebGPUNotAvailableError', []],
    [new replicas.WebGPUNotFoundError(), 'WebGPUNotFoundError', []],
    [new replicas.FeatureSupportError('zz'), 'FeatureSupportError', ['zz']],
    [new replicas.ModelNotFoundError('zz'), 'ModelNotFoundError', ['zz']],
    [new replicas.ModelNotLoadedError('zz'), 'ModelNotLoadedError', ['zz']],
    [new replicas.MissingModelWasmError('zz'), 'MissingModelError', ['zz']],
    [new replicas.WebLLMRangeError('zz', 0, 1), 'RangeError', ['0']],
  ];
  it.each(cases)('%s matches the bundle', (err, name, values) => {
    expect(err.name).toBe(name);
    expect(bundle).toContain(`this.name = "${name}"`);
    const prefix = staticPrefix(err.message, ...values);
    expect(prefix.length).toBeGreaterThan(0);
    if (prefix.length > 8) expect(bundle).toContain(prefix.replace(/`/g, '\\`'));
  });

  it('ShaderF16SupportError message text is in the bundle', () => {
    const e = new replicas.ShaderF16SupportError();
    expect(e.name).toBe('ShaderF16SupportError');
    expect(bundle).toContain(
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser. ',
    );
    expect(e.message).toContain('This model requires WebGPU extension shader-f16');
  });

  it('measured raw strings come from messages in the bundle', () => {
    expect(bundle).toContain(
      "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU",
    );
    expect(bundle).toContain("throw new Error('Network response was not ok')");
    expect(bundle).toContain('throw Error("Failed to store " + url + " with error: " + error)');
  });
});
