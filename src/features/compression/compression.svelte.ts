/**
 * The LLMLingua-2 compression model: its download size (before downloading), on-demand load in
 * its own worker (same model host and IndexedDB cache as every model), and the compressor the
 * router uses once it is ready.
 */
import { CompressionClient } from './client';
import { compressionModelEntry, weightsUrl } from './catalog';
import type { TextCompressor } from './older-context';
import { serializeError, toTandemError, type SerializedError } from '../../core/errors';
import type { FileProgress } from '../../core/provider';
import { wasmBase } from '../../providers/transformers/wasm-base';

export interface CompressionDependencies {
  modelHost: () => string;
  /** The model the user chose (Claude settings). */
  model: () => string;
  client?: CompressionClient;
  fetch?: typeof fetch;
}

export class CompressionState {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  progress = $state.raw<FileProgress[]>([]);
  error = $state.raw<SerializedError | null>(null);
  /** Download size of the weights in bytes, when known. */
  sizeBytes = $state<number | null>(null);
  loadedRepo = $state<string | null>(null);
  private readonly client: CompressionClient;

  constructor(private readonly deps: CompressionDependencies) {
    this.client = deps.client ?? new CompressionClient();
  }

  /** The size to show before downloading: the catalog's, else the host's content-length. */
  async checkSize(): Promise<void> {
    const entry = compressionModelEntry(this.deps.model());
    if (entry.sizeMB !== null) {
      this.sizeBytes = entry.sizeMB * 1024 * 1024;
      return;
    }
    this.sizeBytes = null;
    try {
      const response = await (this.deps.fetch ?? fetch)(weightsUrl(this.deps.modelHost(), entry), {
        method: 'HEAD',
      });
      const length = Number(response.headers.get('content-length'));
      if (response.ok && length > 0) this.sizeBytes = length;
    } catch {
      // Unknown size: the button says so.
    }
  }

  async load(): Promise<void> {
    const entry = compressionModelEntry(this.deps.model());
    this.status = 'loading';
    this.error = null;
    const files = new Map<string, FileProgress>();
    try {
      await this.client.load(
        {
          repo: entry.repo,
          subfolder: entry.subfolder,
          remoteHost: this.deps.modelHost(),
          wasmBase: wasmBase(),
        },
        (p) => {
          files.set(p.file, p);
          this.progress = [...files.values()];
        },
      );
      this.loadedRepo = entry.repo;
      this.status = 'ready';
    } catch (error) {
      this.status = 'error';
      this.error = serializeError(toTandemError(error, 'model-load-failed'));
    }
  }

  /** The compressor, when the chosen model is loaded. */
  compressor(): TextCompressor | null {
    if (this.status !== 'ready' || this.loadedRepo !== this.deps.model()) return null;
    return { compress: (texts, rate) => this.client.compress(texts, rate) };
  }
}
