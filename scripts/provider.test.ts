/** The provider CLI: its arguments, its stdin, and one real run as `npm run -s provider`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../tests/fixtures/openai/fake-server';
import { UsageError, parseArgs, parseInput, runCli } from './provider';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer({ key: 'k-123456' });
});
afterAll(() => server.close());

async function lines(argv: string[], stdin: string): Promise<{ status: number; out: unknown[] }> {
  const out: unknown[] = [];
  const status = await runCli(parseArgs(argv), stdin, (line) => out.push(JSON.parse(line)));
  return { status, out };
}

describe('provider CLI', () => {
  const base = ['--kind', 'openai', '--base-url', '', '--api-key', 'k-123456'];
  const args = (...more: string[]): string[] => [...base.map((a) => a || server.url), ...more];

  it('prints one StreamPart per line and exits 0 on finish', async () => {
    const { status, out } = await lines(
      args('--model', 'llama3.1:8b'),
      '{"messages":[{"role":"user","content":"Hi"}],"maxTokens":50}',
    );
    expect(status).toBe(0);
    expect(out.at(-1)).toMatchObject({ type: 'finish', reason: 'stop', usage: { outputTokens: 6 } });
    expect(out.filter((p) => (p as { type: string }).type === 'text-delta').length).toBeGreaterThan(1);
    expect(server.requests().at(-1)!.body).toMatchObject({ max_tokens: 50 });
  });

  it('exits 1 with an error part', async () => {
    const { status, out } = await lines(
      args('--model', 'llama3.1:8b'),
      '{"messages":[{"role":"user","content":"Hi [trigger:429]"}]}',
    );
    expect(status).toBe(1);
    expect(out).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          code: 'rate-limited',
          retryable: true,
          details: expect.objectContaining({ status: 429 }),
        }),
      }),
    ]);
  });

  it('--list-models prints the ids', async () => {
    expect(await lines(args('--list-models'), '')).toEqual({
      status: 0,
      out: [{ models: ['llama3.1:8b', 'qwen3:0.6b'] }],
    });
  });

  it('refuses bad flags and bad stdin with a clear message', () => {
    expect(() => parseArgs(['--kind', 'claude', '--base-url', 'x', '--model', 'm'])).toThrow(UsageError);
    expect(() => parseArgs(['--kind', 'openai', '--model', 'm'])).toThrow(/--base-url is required/);
    expect(() => parseInput('nope')).toThrow(/one JSON object/);
    expect(() => parseInput('{"messages":[]}')).toThrow(/messages must not be empty/);
    expect(() => parseInput('{"messages":[{"role":"robot","content":"x"}]}')).toThrow(/messages\.0\.role/);
  });

  it('runs as npm run -s provider', async () => {
    const run = promisify(execFile);
    const child = run('npm', ['run', '-s', 'provider', '--', ...args('--model', 'llama3.1:8b')], {
      timeout: 60_000,
    });
    child.child.stdin?.end('{"messages":[{"role":"user","content":"Why? [trigger:think]"}]}');
    const { stdout } = await child;
    const parts = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(parts.map((p) => p.type)).toEqual(['thinking-delta', 'text-delta', 'finish']);
  });
});
