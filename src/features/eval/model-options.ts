/**
 * The model strings the workbench offers (the promptfoo provider mapping, the starter sets): the
 * local ones, then `claude:<id>` when a key is set, `server:<id>` for each model discovered on the
 * user's server (Settings → Your server), and `chrome:built-in` where Chrome's Prompt API exists.
 */
import { CHROME_MODEL_STRING, SERVER_PREFIX } from '../../core/eval-config';

export interface RemoteModelSources {
  /** The Claude model when a key is set, else null. */
  claude: string | null;
  /** The user's server: its discovered models and the chosen one; null when none is set. */
  server: { baseUrl: string; models: readonly string[]; model: string } | null;
  /** Chrome's built-in model exists in this browser. */
  chrome: boolean;
}

/** The remote model strings, in the order the workbench lists them. */
export function remoteModelStrings(sources: RemoteModelSources): string[] {
  const server = sources.server?.baseUrl ? sources.server : null;
  const serverIds = server ? new Set([...server.models, ...(server.model ? [server.model] : [])]) : [];
  return [
    ...(sources.claude ? [`claude:${sources.claude}`] : []),
    ...[...serverIds].map((id) => `${SERVER_PREFIX}${id}`),
    ...(sources.chrome ? [CHROME_MODEL_STRING] : []),
  ];
}

/** Local model strings then remote ones, each once. */
export function workbenchModelOptions(local: readonly string[], sources: RemoteModelSources): string[] {
  return [...new Set([...local, ...remoteModelStrings(sources)])];
}
