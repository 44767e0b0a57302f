/**
 * Typed errors of the GGUF engine. llama.cpp (inside wllama) says why a load failed only in its
 * log, and wllama then throws something generic, so the engine keeps the recent log lines and this
 * module reads the cause from them: an unknown architecture, memory, a damaged file. A file this
 * project's own header reader rejects is damaged before llama.cpp sees it.
 */
import { TandemError, isAbortError } from '../../core/errors';
import { GgufFormatError } from './cursor';

/** Where GGUF models run: what the message says to a user whose browser cannot. */
export const GGUF_BROWSERS =
  'Chrome or Edge 137 or later on a desktop (they have both). Firefox and Safari do not have them yet';

export interface BrowserSupport {
  jspi: boolean;
  memory64: boolean;
}

/** WebAssembly JSPI (`WebAssembly.Suspending`) and Memory64, both needed by wllama's wasm build. */
export function browserSupport(wasm: typeof WebAssembly = WebAssembly): BrowserSupport {
  let memory64: boolean;
  try {
    new wasm.Memory({ address: 'i64', initial: 1n } as unknown as WebAssembly.MemoryDescriptor);
    memory64 = true;
  } catch {
    memory64 = false;
  }
  return { jspi: typeof (wasm as { Suspending?: unknown }).Suspending === 'function', memory64 };
}

export function unsupportedBrowserError(support: BrowserSupport): TandemError | null {
  const missing = [!support.jspi && 'JSPI', !support.memory64 && 'Memory64'].filter(Boolean);
  if (missing.length === 0) return null;
  return new TandemError(
    'browser-unsupported',
    `This browser cannot run GGUF models: it lacks WebAssembly ${missing.join(' and ')}. Use ${GGUF_BROWSERS}; or choose an ONNX or WebLLM model here.`,
    { details: { jspi: support.jspi, memory64: support.memory64 } },
  );
}

export function damagedFileError(file: string, reason: string, problem: string): TandemError {
  return new TandemError(
    'damaged-file',
    `${file} is damaged or incomplete: ${reason} Use Verify / repair on the Models page to download it again.`,
    { details: { problem, remedy: 'verify-repair', file } },
  );
}

const ARCH_RE = /unknown model architecture: '([^']*)'/i;
const OOM_RE =
  /out of memory|failed to allocate|Cannot enlarge memory|bad_alloc|unable to allocate|Array buffer allocation failed|\bOOM\b/i;
const DAMAGED_RE =
  /data is not within the file bounds|invalid magic|failed to read (tensor|key|header|magic)|gguf_init_from_file|tensor .* has wrong|unexpectedly reached end of file|corrupted|wrong number of tensors/i;

/** Maps what wllama threw (with the recent llama.cpp log lines) to a typed error. */
export function mapGgufError(error: unknown, logs: readonly string[], model: string): TandemError {
  if (error instanceof TandemError) return error;
  if (isAbortError(error)) return new TandemError('aborted', 'Stopped.', { retryable: true, cause: error });
  if (error instanceof GgufFormatError) return damagedFileError(model, error.message, error.problem);
  const message = error instanceof Error ? error.message : String(error);
  const text = [...logs, message].join('\n');
  const arch = ARCH_RE.exec(text);
  if (arch) {
    return new TandemError(
      'unsupported-architecture',
      `${model} uses the architecture "${arch[1]}", which this build of llama.cpp cannot run. Choose another model.`,
      { details: { architecture: arch[1] ?? '' }, cause: error },
    );
  }
  if (OOM_RE.test(text)) {
    return new TandemError(
      'out-of-memory',
      `${model} ran out of memory. Close other tabs, pick a smaller quantisation (Q2_K, Q4_K_M) or a smaller model, or a shorter context.`,
      { cause: error },
    );
  }
  if (DAMAGED_RE.test(text)) {
    const line = logs.filter((l) => DAMAGED_RE.test(l)).at(-1) ?? message;
    return damagedFileError(model, `llama.cpp could not read it (${line.trim()}).`, 'unreadable');
  }
  const lastError = logs.filter((l) => /error|failed/i.test(l)).at(-1);
  return new TandemError(
    'model-load-failed',
    `${model} could not be loaded: ${lastError?.trim() ?? message}`,
    { retryable: true, cause: error },
  );
}

/** The last lines wllama logged (llama.cpp's native log included), for `mapGgufError`. */
export class LogTail {
  readonly lines: string[] = [];

  constructor(private readonly max = 200) {}

  readonly logger = {
    debug: (): void => {},
    log: (...args: unknown[]): void => this.push(args),
    warn: (...args: unknown[]): void => this.push(args),
    error: (...args: unknown[]): void => this.push(args),
  };

  private push(args: unknown[]): void {
    this.lines.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    if (this.lines.length > this.max) this.lines.shift();
  }

  clear(): void {
    this.lines.length = 0;
  }
}
