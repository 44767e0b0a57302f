/**
 * Documents attached to conversations: reading (in the documents worker), storing, embedding
 * with the loaded sentence encoder (in its worker), and, for each question, the excerpts put
 * before the conversation and shown under the answer as Sources. Nothing leaves the device here:
 * only the excerpts chosen go to whichever model answers.
 */
import type { ChatMessage } from '../../core/provider';
import type { DocumentRecord, MessageSource } from '../../core/stored';
import type { Embedder } from '../../core/embedder';
import { newId } from '../../core/util/id';
import type { DocumentRepository } from '../../platform/db/documents';
import type { DocumentsWorker } from './client';
import { documentContext, sourcesFrom } from './context';
import { checkFile } from './files';

export interface DocumentsDependencies {
  repo: DocumentRepository;
  worker: DocumentsWorker;
  /** The loaded sentence encoder and its model id, or null (then retrieval is BM25 alone). */
  embedder: () => { embedder: Embedder; model: string } | null;
  /** Tokens the excerpts may take in the model's context. */
  budgetTokens: () => number;
  onError: (error: unknown, context?: string) => void;
}

export interface PreparedExcerpts {
  messages: ChatMessage[];
  sources: MessageSource[] | null;
}

export interface AttachProgress {
  name: string;
  phase: 'reading' | 'embedding';
  done: number;
  total: number;
}

const EMBED_BATCH = 16;

export class DocumentsState {
  conversationId = $state<string | null>(null);
  documents = $state.raw<DocumentRecord[]>([]);
  /** The shared library: documents used in every conversation. */
  library = $state.raw<DocumentRecord[]>([]);
  progress = $state.raw<AttachProgress[]>([]);
  /** The last attach's refusals, in words (a file too large, unsupported, without text). */
  problems = $state.raw<string[]>([]);

  constructor(private readonly deps: DocumentsDependencies) {}

  async open(conversationId: string | null): Promise<void> {
    this.conversationId = conversationId;
    this.documents = conversationId ? await this.deps.repo.list(conversationId) : [];
    this.library = await this.deps.repo.list(null);
  }

  /** Puts a document in the shared library (used in every conversation), or back in the open one. */
  async share(id: string, everywhere: boolean): Promise<void> {
    if (!everywhere && !this.conversationId) return;
    await this.deps.repo.setConversation(id, everywhere ? null : this.conversationId);
    await this.open(this.conversationId);
  }

  /** Reads, stores and embeds each file; a refused file is said in `problems`, the others go on. */
  async attach(files: readonly File[], conversationId: string): Promise<void> {
    this.problems = [];
    for (const file of files) {
      try {
        await this.attachOne(file, conversationId);
      } catch (error) {
        this.problems = [...this.problems, error instanceof Error ? error.message : String(error)];
      } finally {
        this.progress = this.progress.filter((p) => p.name !== file.name);
      }
      if (this.conversationId === conversationId) await this.open(conversationId);
    }
  }

  private setProgress(entry: AttachProgress): void {
    this.progress = [...this.progress.filter((p) => p.name !== entry.name), entry];
  }

  private async attachOne(file: File, conversationId: string): Promise<void> {
    const kind = checkFile(file);
    this.setProgress({ name: file.name, phase: 'reading', done: 0, total: 1 });
    const read = await this.deps.worker.extract({ name: file.name, kind, bytes: await file.arrayBuffer() });
    const id = newId('d_');
    const record: DocumentRecord = {
      id,
      conversationId,
      name: file.name,
      type: kind,
      size: file.size,
      chars: read.chars,
      chunkCount: read.chunks.length,
      embeddingModel: null,
      createdAt: Date.now(),
    };
    const chunks = read.chunks.map((c) => ({
      id: `${id}:${c.index}`,
      documentId: id,
      index: c.index,
      text: c.text,
      tokens: c.tokens,
    }));
    await this.deps.repo.add(record, chunks);
    const encoder = this.deps.embedder();
    if (!encoder) return;
    const vectors: Float32Array[] = [];
    for (let at = 0; at < chunks.length; at += EMBED_BATCH) {
      this.setProgress({ name: file.name, phase: 'embedding', done: at, total: chunks.length });
      vectors.push(
        ...(await encoder.embedder.embed(
          chunks.slice(at, at + EMBED_BATCH).map((c) => c.text),
          'other',
        )),
      );
    }
    await this.deps.repo.setEmbeddings(id, encoder.model, vectors);
  }

  async remove(id: string): Promise<void> {
    await this.deps.repo.remove(id);
    await this.open(this.conversationId);
  }

  /**
   * The conversation's messages for the model with the best excerpts of its documents put first
   * (in the system message), and the sources to record on the answer (null: none were used).
   * Unchanged without documents.
   */
  async prepare(conversationId: string, messages: ChatMessage[]): Promise<PreparedExcerpts> {
    const unchanged = { messages, sources: null };
    const documents = [...(await this.deps.repo.list(conversationId)), ...(await this.deps.repo.list(null))];
    const question = messages.findLast((m) => m.role === 'user')?.content;
    if (!documents.length || !question) return unchanged;
    try {
      const encoder = this.deps.embedder();
      const model = encoder && documents.some((d) => d.embeddingModel === encoder.model) ? encoder : null;
      const vector = model ? Array.from((await model.embedder.embed([question], 'other'))[0] ?? []) : null;
      const found = await this.deps.worker.search({
        documentIds: documents.map((d) => d.id),
        query: question,
        vector,
        model: model?.model ?? null,
        budgetTokens: this.deps.budgetTokens(),
      });
      const names = new Map(documents.map((d) => [d.id, d.name]));
      const sources = sourcesFrom(found.chunks, names).map(({ chunkId: _c, ...s }) => s);
      if (!sources.length) return unchanged;
      return { messages: withContext(messages, documentContext(sourcesFrom(found.chunks, names))), sources };
    } catch (error) {
      // The answer goes on without excerpts; the user hears why.
      this.deps.onError(error, 'Searching the documents');
      return unchanged;
    }
  }
}

function withContext(messages: ChatMessage[], block: string): ChatMessage[] {
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ ...first, content: `${first.content}\n\n${block}` }, ...rest];
  return [{ role: 'system', content: block }, ...messages];
}
