/** The user's own server settings (stored under `KV.serverSettings`; the key apart, `KV.serverApiKey`). */
export interface ServerSettings {
  /** As typed and normalised, e.g. http://192.168.1.20:11434; '' when no server is set. */
  baseUrl: string;
  /** The chosen model id, one of `models` once discovered. */
  model: string;
  /** The ids the last Check connection found. */
  models: string[];
  /** Where a key is kept: memory only (default) or this device's IndexedDB. */
  keyStorage: 'device' | 'session';
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  baseUrl: '',
  model: '',
  models: [],
  keyStorage: 'session',
};
