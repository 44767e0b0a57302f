import { describe, expect, it } from 'vitest';
import type { ChatProvider, GenerationSettings, StreamPart } from '../../core/provider';
import type { TransformersModelEntry } from './catalog';
import { ModelRunner } from './model-runner';
import { echo, setUp, tEntry, wEntry } from './testing/fake-backends';

const settings: GenerationSettings = { temperature: 0, topP: 1, maxTokens: 8 };
const hi = [{ role: 'user' as const, content: 'hi' }];

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const p of parts) out.push(p);
  return out;
}

function runnerWith(options: Parameters<typeof setUp>[0] = {}, claude: ChatProvider | null = null) {
  const env = setUp(options);
  const asked: string[] = [];
  const runner = new ModelRunner({
    local: env.local,
    claude: (model) => {
      asked.push(model);
      return claude;
    },
  });
  return { ...env, runner, asked };
}

describe('ModelRunner', () => {
  it('a session loads the model once for several runs and brings the user’s model back on close', async () => {
    const { runner, local, t, w } = runnerWith();
    await local.load({ backend: 'transformers', entry: tEntry });
    const session = await runner.open({ backend: 'webllm', entry: wEntry });
    await collect(session.run(hi, settings));
    await collect(session.run(hi, settings));
    expect(w.calls).toEqual(['load']);
    // Another local run waits for the session to end.
    let otherDone = false;
    const other = collect(runner.run({ backend: 'transformers', entry: tEntry }, hi, settings)).then(() => {
      otherDone = true;
    });
    await Promise.resolve();
    expect(otherDone).toBe(false);
    await session.close();
    await other;
    expect(w.calls).toEqual(['load', 'unload']);
    expect(local.loadedRef).toEqual({ backend: 'transformers', entry: tEntry });
    expect(t.calls).toEqual(['load', 'unload', 'load']);
  });

  it('runs another local model without changing the user’s model or settings, then brings the loaded one back', async () => {
    const { runner, local, settings: userSettings, t, w } = runnerWith();
    await local.load({ backend: 'transformers', entry: tEntry });
    const chosen = { ...userSettings.current };

    const parts = await collect(runner.run({ backend: 'webllm', entry: wEntry }, hi, settings));
    expect(parts[0]).toEqual({ type: 'text-delta', text: '1 messages' });
    expect(w.calls).toEqual(['load', 'unload']);
    // The user's model is loaded again and their settings are what they chose.
    expect(t.calls).toEqual(['load', 'unload', 'load']);
    expect(local.loadedRef).toEqual({ backend: 'transformers', entry: tEntry });
    expect(userSettings.current).toEqual(chosen);
  });

  it('uses the loaded model as it is, and unloads a model it loaded when none was loaded before', async () => {
    const loaded = runnerWith();
    await loaded.local.load({ backend: 'transformers', entry: tEntry });
    await collect(loaded.runner.run({ backend: 'transformers', entry: tEntry }, hi, settings));
    expect(loaded.t.calls).toEqual(['load']);

    const empty = runnerWith();
    await collect(empty.runner.run({ backend: 'transformers', entry: tEntry }, hi, settings));
    expect(empty.t.calls).toEqual(['load', 'unload']);
    expect(empty.local.status).toBe('idle');
  });

  it('queues local runs: the second loads only after the first has finished and restored', async () => {
    const { runner, t, w } = runnerWith();
    const other = { ...tEntry, id: 't2' } as TransformersModelEntry;
    const order: string[] = [];
    const first = (async () => {
      for await (const p of runner.run({ backend: 'webllm', entry: wEntry }, hi, settings))
        order.push(`1:${p.type}`);
    })();
    const second = (async () => {
      for await (const p of runner.run({ backend: 'transformers', entry: other }, hi, settings))
        order.push(`2:${p.type}`);
    })();
    await Promise.all([first, second]);
    expect(order).toEqual(['1:text-delta', '1:finish', '2:text-delta', '2:finish']);
    expect(w.calls).toEqual(['load', 'unload']);
    expect(t.calls).toEqual(['load', 'unload']);
  });

  it('does not take the engine from another tab: the run ends with an error part', async () => {
    const { runner, t } = runnerWith();
    t.load = async () => {
      t.calls.push('load');
      t.status = 'elsewhere';
    };
    const parts = await collect(runner.run({ backend: 'transformers', entry: tEntry }, hi, settings));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'model-load-failed' } });
    expect(parts[0]?.type === 'error' && parts[0].error.message).toMatch(/another Tandem tab/i);
    expect(t.calls).toEqual(['load']);
  });

  it('runs Claude without touching the local engine, and says when there is no key', async () => {
    const withKey = runnerWith({}, echo('claude', 'Claude'));
    const parts = await collect(withKey.runner.run({ backend: 'claude', model: 'claude-x' }, hi, settings));
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'finish']);
    expect(withKey.asked).toEqual(['claude-x']);
    expect(withKey.t.calls).toEqual([]);

    const noKey = runnerWith();
    const failed = await collect(noKey.runner.run({ backend: 'claude', model: 'claude-x' }, hi, settings));
    expect(failed[0]).toMatchObject({ type: 'error', error: { code: 'invalid-api-key' } });
  });

  it('Stop during a model load cancels the load at once and does not wait for the user’s model to come back', async () => {
    const calls: string[] = [];
    let finishRestore = () => {};
    const local = {
      loadedRef: { backend: 'transformers', entry: tEntry } as const,
      provider: null,
      status: 'ready' as const,
      error: null,
      load: (ref: { entry: { id?: string } }) => {
        calls.push(`load ${ref.entry === tEntry ? 'user' : 'other'}`);
        // The other model's load takes "12 s" (never ends here); the user's model comes back later.
        return ref.entry === tEntry
          ? new Promise<void>((done) => (finishRestore = done))
          : new Promise<void>(() => {});
      },
      unload: () => calls.push('unload'),
    };
    const runner = new ModelRunner({ local: local as never, claude: () => null });
    const controller = new AbortController();
    const opening = runner.open({ backend: 'webllm', entry: wEntry }, controller.signal);
    await Promise.resolve();
    controller.abort();
    await expect(opening).rejects.toMatchObject({ code: 'aborted' });
    expect(calls).toEqual(['load other', 'unload', 'load user']);
    // The next local run waits for the user's model to be back.
    let next = false;
    const queued = runner.open({ backend: 'transformers', entry: tEntry }).then(() => (next = true));
    await Promise.resolve();
    expect(next).toBe(false);
    finishRestore();
    await queued;
    expect(next).toBe(true);
  });

  it("runs a server model and Chrome's built-in model without the local engine, or says why not", async () => {
    const env = setUp();
    const asked: string[] = [];
    const runner = new ModelRunner({
      local: env.local,
      claude: () => null,
      server: (model) => (asked.push(model), echo('server', 'Server')),
      chrome: () => echo('chrome', 'Chrome'),
    });
    const server = await collect(runner.run({ backend: 'server', model: 'qwen3:4b' }, hi, settings));
    expect(server.map((p) => p.type)).toEqual(['text-delta', 'finish']);
    expect(asked).toEqual(['qwen3:4b']);
    const session = await runner.open({ backend: 'chrome' });
    expect((await collect(session.run(hi, settings))).map((p) => p.type)).toEqual(['text-delta', 'finish']);
    expect(env.t.calls).toEqual([]);

    const none = new ModelRunner({ local: env.local, claude: () => null });
    const noServer = await collect(none.run({ backend: 'server', model: 'm' }, hi, settings));
    expect(noServer[0]).toMatchObject({ type: 'error', error: { message: /Your server/ } });
    const noChrome = await collect(none.run({ backend: 'chrome' }, hi, settings));
    expect(noChrome[0]).toMatchObject({ type: 'error', error: { code: 'model-load-failed' } });
  });
});
