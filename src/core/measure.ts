/**
 * Times one operation and reports it to a sink, ok or failed, without changing what the operation
 * returns or throws. The sink is called in a try: a measurement never breaks what it measures.
 */
import type { LoadSource, OperationInput, OperationSink } from './operations';

type Base = Omit<OperationInput, 'at' | 'status' | 'totalMs'>;

export function report(sink: OperationSink | undefined, op: OperationInput): void {
  try {
    sink?.(op);
  } catch {
    // Swallowed on purpose.
  }
}

export async function measured<T>(
  sink: OperationSink | undefined,
  base: Base,
  run: () => Promise<T>,
  onOk: (result: T) => Partial<OperationInput> = () => ({}),
): Promise<T> {
  if (!sink) return run();
  const at = Date.now();
  const started = performance.now();
  try {
    const result = await run();
    let extra: Partial<OperationInput> = {};
    try {
      extra = onOk(result);
    } catch {
      // A measurement detail that cannot be read is left out.
    }
    report(sink, { ...base, ...extra, at, status: 'ok', totalMs: performance.now() - started });
    return result;
  } catch (error) {
    const errorCode = (error as { code?: unknown } | null)?.code;
    report(sink, {
      ...base,
      at,
      status: 'error',
      totalMs: performance.now() - started,
      errorCode: typeof errorCode === 'string' ? errorCode : 'unknown',
    });
    throw error;
  }
}

/** Where a load's files came from, by the worker's own counts. */
export function loadSource(filesFromCache: number, filesDownloaded: number): LoadSource {
  if (filesDownloaded === 0) return 'indexeddb';
  return filesFromCache === 0 ? 'network' : 'mixed';
}

/** A load record's source and file count, from the worker's load result. */
export function loadResultFields(info: { filesFromCache: number; filesDownloaded: number }): {
  detail: LoadSource;
  items: number;
} {
  return {
    detail: loadSource(info.filesFromCache, info.filesDownloaded),
    items: info.filesFromCache + info.filesDownloaded,
  };
}

/** The empty fields of a load record. */
export const LOAD_FIELDS = {
  kind: 'load',
  tokensIn: null,
  tokensOut: null,
  bytes: null,
  route: null,
} as const;
