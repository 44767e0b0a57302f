/**
 * Gives llama.cpp files besides the model's own, for LoRA adapters. wllama 3.13 names every Blob
 * passed to `loadModel` as a part of the model (`model-0000i-of-0000N.gguf`) and takes adapters
 * only as paths in its in-memory file system (`lora_adapters: [{ path, scale }]`), with no way to
 * put a file there. So this hooks the one place files are put there: the worker proxy's
 * `moduleInit(files)`, called once per load, gets the adapters appended under their own names.
 * Checked against wllama 3.13's `loadModel` (src/wllama.ts); the e2e LoRA test fails if it changes.
 */
import type { Wllama } from '@wllama/wllama';

export interface ExtraFile {
  name: string;
  blob: Blob;
}

interface ProxyLike {
  moduleInit(files: ExtraFile[]): Promise<void>;
}

/** Returns the paths llama.cpp will find the files at (for `lora_adapters[].path`). */
export function attachExtraFiles(wllama: Wllama, files: ExtraFile[]): string[] {
  if (files.length === 0) return [];
  const target = wllama as unknown as { proxy: ProxyLike | null };
  let value = target.proxy;
  Object.defineProperty(target, 'proxy', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (proxy: ProxyLike | null) => {
      if (proxy && typeof proxy.moduleInit === 'function') {
        const original = proxy.moduleInit.bind(proxy);
        proxy.moduleInit = (modelFiles: ExtraFile[]) => original([...modelFiles, ...files]);
      }
      value = proxy;
    },
  });
  return files.map((f) => `models/${f.name}`);
}
