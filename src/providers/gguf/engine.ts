/**
 * Runs a GGUF model with llama.cpp through wllama. Lives inside `gguf.worker.ts`; the page talks to
 * it only through `platform/protocol/gguf.ts`. wllama itself runs llama.cpp in workers of its own
 * (one, plus a pthread pool when cross-origin isolated).
 *
 * Before llama.cpp sees a file, its header is read here (`header.ts`), so a truncated or damaged
 * download is a `damaged-file` error instead of a crash. A GGUF with `tokenizer.chat_template` is
 * a chat model (llama.cpp applies its template); without one it is a text-completion model: the
 * conversation's text is continued as it is.
 */
import type { Wllama } from '@wllama/wllama';
import { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError, abortError, isAbortError } from '../../core/errors';
import type { FileProgress, StreamPart } from '../../core/provider';
import type {
  GgufGenerateParams,
  GgufGenerateResult,
  GgufLoadParams,
  GgufLoadResult,
} from '../../platform/protocol/gguf';
import { browserSupport, damagedFileError, LogTail, mapGgufError, unsupportedBrowserError } from './errors';
import { fetchGgufFiles } from './files';
import { pickGpu } from './gpu';
import { readGgufHeader } from './header';
import { attachExtraFiles } from './lora-files';
import { ggufInfo, type GgufInfo } from './metadata';
import { completionPrompt } from '../../core/completion-prompt';
import { readChunk, timingsOf } from './stream';

async function checkedInfo(blob: Blob, file: string): Promise<GgufInfo> {
  try {
    return ggufInfo(await readGgufHeader(blob));
  } catch (error) {
    throw mapGgufError(error, [], file);
  }
}

export class GgufEngine {
  private wllama: Wllama | null = null;
  private loaded: { params: GgufLoadParams; result: GgufLoadResult } | null = null;
  private readonly logs = new LogTail();
  readonly cache = new IndexedDbModelCache();

  async load(
    params: GgufLoadParams,
    onProgress: (p: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<GgufLoadResult> {
    await this.unload();
    const started = performance.now();
    const unsupported = unsupportedBrowserError(browserSupport());
    if (unsupported) throw unsupported;
    const name = params.model.files[0] ?? params.model.repo;
    const model = await fetchGgufFiles(params.model, params.remoteHost, this.cache, onProgress, signal);
    const infos = await Promise.all(model.blobs.map((b, i) => checkedInfo(b, params.model.files[i] ?? name)));
    const info = infos[0]!;
    if (info.type === 'adapter') {
      throw damagedFileError(name, 'it is a LoRA adapter, not a model.', 'adapter-as-model');
    }
    if (info.split && info.split.count !== model.blobs.length) {
      throw damagedFileError(
        name,
        `it is part of a split model of ${info.split.count} files, and ${model.blobs.length} were given.`,
        'split-parts',
      );
    }
    const loras: { blob: Blob; scale: number; label: string }[] = [];
    let fromCache = model.fromCache;
    let downloaded = model.downloaded;
    for (const ref of params.lora ?? []) {
      const got = await fetchGgufFiles(ref, params.remoteHost, this.cache, onProgress, signal);
      const blob = got.blobs[0]!;
      const loraInfo = await checkedInfo(blob, ref.files[0] ?? ref.repo);
      if (loraInfo.type !== 'adapter' || loraInfo.adapter?.type !== 'lora') {
        throw damagedFileError(
          ref.files[0] ?? ref.repo,
          'it is not a LoRA adapter (general.type).',
          'not-lora',
        );
      }
      if (loraInfo.architecture !== info.architecture) {
        throw new TandemError(
          'unsupported-architecture',
          `${ref.label} was made for "${loraInfo.architecture}" models; ${name} is "${info.architecture}".`,
          { details: { architecture: loraInfo.architecture ?? '' } },
        );
      }
      loras.push({ blob, scale: ref.scale, label: ref.label });
      fromCache += got.fromCache;
      downloaded += got.downloaded;
    }
    if (signal.aborted) throw abortError();

    const gpu = params.gpu === 'off' ? { use: false, adapter: null } : await pickGpu();
    const isolated = globalThis.crossOriginIsolated === true;
    const threads = isolated ? Math.max(1, params.threads) : 1;
    const contextSize = Math.max(256, Math.min(params.contextSize, info.contextLength ?? params.contextSize));
    this.logs.clear();
    const { Wllama: WllamaClass } = await import('@wllama/wllama');
    const wllama = new WllamaClass({ default: params.wasmUrl }, { logger: this.logs.logger });
    const loraPaths = attachExtraFiles(
      wllama,
      loras.map((l, i) => ({ name: `tandem-lora-${i}.gguf`, blob: l.blob })),
    );
    try {
      await wllama.loadModel(model.blobs, {
        n_ctx: contextSize,
        n_threads: threads,
        n_gpu_layers: gpu.use ? 999 : 0,
        ...(loras.length
          ? { lora_adapters: loras.map((l, i) => ({ path: loraPaths[i]!, scale: l.scale })) }
          : {}),
      });
      // wllama 3.13 does not check llama.cpp's `success` flag: a model llama.cpp refused looks loaded.
      const loadInfo = wllama.getLoadedContextInfo() as unknown as { success?: boolean };
      if (loadInfo.success === false) throw new Error('llama.cpp could not load the model');
    } catch (error) {
      await wllama.exit().catch(() => undefined);
      throw mapGgufError(error, this.logs.lines, name);
    }
    if (signal.aborted) {
      await wllama.exit().catch(() => undefined);
      throw abortError();
    }
    this.wllama = wllama;
    const result: GgufLoadResult = {
      architecture: info.architecture,
      mode: info.chatTemplate ? 'chat' : 'completion',
      contextLength: info.contextLength,
      contextSize,
      device: gpu.use ? 'webgpu' : 'wasm',
      gpuAdapter: gpu.adapter,
      threads: wllama.getNumThreads(),
      crossOriginIsolated: isolated,
      loadMs: performance.now() - started,
      filesFromCache: fromCache,
      filesDownloaded: downloaded,
      lora: loras.map((l) => ({ label: l.label, scale: l.scale })),
    };
    this.loaded = { params, result };
    return result;
  }

  async generate(
    params: GgufGenerateParams,
    emit: (part: StreamPart) => void,
    signal: AbortSignal,
  ): Promise<GgufGenerateResult> {
    const wllama = this.wllama;
    const loaded = this.loaded;
    if (!wllama || !loaded) {
      throw new TandemError('model-load-failed', 'No GGUF model is loaded. Load one on the Models page.', {
        retryable: true,
      });
    }
    const { temperature, topP, maxTokens } = params.settings;
    const common = {
      stream: true as const,
      temperature: Math.max(0, temperature),
      top_p: topP,
      max_tokens: maxTokens,
      abortSignal: signal,
    };
    const started = performance.now();
    let firstAt: number | null = null;
    let outputChunks = 0;
    let finish: 'stop' | 'length' = 'stop';
    let timings: ReturnType<typeof timingsOf> = null;
    try {
      const chunks =
        loaded.result.mode === 'chat'
          ? await wllama.createChatCompletion({
              ...common,
              messages: params.messages.map((m) => ({ role: m.role, content: m.content })),
            })
          : await wllama.createCompletion({ ...common, prompt: completionPrompt(params.messages) });
      for await (const chunk of chunks as AsyncIterable<unknown>) {
        const read = readChunk(chunk);
        if (read.text) {
          firstAt ??= performance.now();
          outputChunks += 1;
          emit({ type: 'text-delta', text: read.text });
        }
        if (read.finish === 'length') finish = 'length';
        timings = timingsOf(chunk) ?? timings;
      }
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw abortError();
      throw mapGgufError(error, this.logs.lines, loaded.params.model.files[0] ?? 'the model');
    }
    const end = performance.now();
    const inputTokens = timings?.inputTokens ?? 0;
    const outputTokens = timings?.outputTokens ?? outputChunks;
    const decodeSeconds = firstAt === null ? 0 : (end - firstAt) / 1000;
    emit({
      type: 'finish',
      reason: finish,
      usage: { inputTokens, outputTokens },
      timings: {
        timeToFirstTokenMs: firstAt === null ? null : firstAt - started,
        totalMs: end - started,
        tokensPerSecond:
          timings?.decodePerSecond ??
          (decodeSeconds > 0 && outputTokens > 1 ? (outputTokens - 1) / decodeSeconds : null),
        prefillTokensPerSecond: timings?.prefillPerSecond ?? null,
      },
    });
    return { inputTokens, outputTokens };
  }

  async unload(): Promise<void> {
    const current = this.wllama;
    this.wllama = null;
    this.loaded = null;
    await current?.exit();
  }
}
