/**
 * Makes a failed download of an external-data chunk fail the load instead of hanging it.
 *
 * transformers.js 4.3 fetches each `…onnx_data` chunk inside `new Promise(async (resolve) => …)`
 * (src/utils/model-loader.js, getModelDataFiles) with no path to `reject`: when the chunk's
 * download fails (a cut connection, a 404), the error is lost and `pipeline()` never settles, so
 * the Models page would show a download stuck at some percent forever. Tandem's `fetch` (see
 * lib/transformers/env.ts) therefore watches every body it hands out and every chunk's status, and
 * reports failures here; the engine races the load against `failure()` and ends it with the
 * error. Files transformers.js does not need (an optional file's 404) are never reported.
 */

type Listener = (error: Error) => void;

const listeners = new Set<Listener>();

/** A promise that rejects with the next download failure; `stop` detaches it. */
export function watchDownloadFailures(): { failure: Promise<never>; stop: () => void } {
  let listener: Listener = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    listener = (error) => reject(error);
    listeners.add(listener);
  });
  failure.catch(() => undefined); // a failure nobody races against is not an unhandled rejection
  return { failure, stop: () => listeners.delete(listener) };
}

export function reportDownloadFailure(error: Error): void {
  for (const l of [...listeners]) l(error);
}

const EXTERNAL_DATA = /\.onnx_data(_\d+)?$/;

export function isExternalDataUrl(url: string): boolean {
  try {
    return EXTERNAL_DATA.test(new URL(url, 'http://x.invalid').pathname);
  } catch {
    return false;
  }
}

/** A chunk the host does not serve: transformers.js would wait for it forever. */
export function checkChunkStatus(url: string, response: Response): void {
  if (!response.ok && isExternalDataUrl(url)) {
    reportDownloadFailure(
      new Error(`Could not locate file: "${url}" (${response.status}); the model's weights are incomplete.`),
    );
  }
}

/** The same response, whose body reports a read error (e.g. a cut connection) as it fails. */
export function watchBody(response: Response): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        reportDownloadFailure(new Error(`network: the download was cut (${e.message})`, { cause: e }));
        controller.error(e);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
