import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import type { Embedder } from '../../core/embedder';
import { DocumentRepository } from '../../platform/db/documents';
import type { TandemDB } from '../../platform/db/schema';
import { answerParts, scriptedChat } from '../chat/testing/scripted-chat';
import type { DocumentsWorker } from './client';
import { DocumentsState } from './documents.svelte';
import { extractDocument, SearchCache, storedChunks } from './handlers';
import type { PdfJs } from './pdf';

/** The worker's own code run in this thread: extraction, and search over the stored chunks. */
function inThreadWorker(repo: DocumentRepository): DocumentsWorker {
  const pdfjs = (): Promise<PdfJs> => import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>;
  const cache = new SearchCache(storedChunks(repo));
  return { extract: (params) => extractDocument(params, pdfjs), search: (params) => cache.run(params) };
}

/** A toy encoder: one dimension per topic word, so similarity is predictable. */
const TOPICS = ['harbour', 'lighthouse', 'bread'];
const encoder: Embedder = {
  embed: (texts) =>
    Promise.resolve(
      texts.map((t) => Float32Array.from(TOPICS.map((w) => (t.toLowerCase().includes(w) ? 1 : 0.01)))),
    ),
};

function file(name: string, text: string, type = 'text/markdown'): File {
  return new File([text], name, { type });
}

describe('documents in the chat', () => {
  it('the model is given the excerpt, the answer lists it, and a removed document is not used again', async () => {
    let documents!: DocumentsState;
    const { chat, seen } = await scriptedChat(
      () => answerParts('ok'),
      (db: IDBPDatabase<TandemDB>) => {
        const repo = new DocumentRepository(db);
        documents = new DocumentsState({
          repo,
          worker: inThreadWorker(repo),
          embedder: () => ({ embedder: encoder, model: 'toy' }),
          budgetTokens: () => 500,
          onError: (error) => {
            throw error;
          },
        });
        return {
          prepareMessages: async (context) => {
            const found = await documents.prepare(context.conversationId, context.messages);
            return { messages: found.messages, recorded: found.sources ? { sources: found.sources } : {} };
          },
        };
      },
    );
    await chat.send('hello');
    const id = chat.activeId!;
    // No documents: the request is unchanged and the answer has no sources.
    expect(seen[0]).toEqual([{ role: 'user', content: 'hello' }]);
    expect(chat.messages.at(-1)!.sources).toBeUndefined();

    await documents.open(id);
    await documents.attach(
      [
        file('harbour.md', 'The secret harbour code is BLUEFIN-42.'),
        file('bread.md', 'Bread needs flour and water.'),
      ],
      id,
    );
    expect(documents.problems).toEqual([]);
    expect(documents.documents.map((d) => [d.name, d.chunkCount, d.embeddingModel])).toEqual([
      ['harbour.md', 1, 'toy'],
      ['bread.md', 1, 'toy'],
    ]);
    await chat.send('What is the harbour code?');
    const system = seen[1]![0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('[1] harbour.md\nThe secret harbour code is BLUEFIN-42.');
    expect(chat.messages.at(-1)!.sources?.[0]).toMatchObject({ n: 1, documentName: 'harbour.md' });

    await documents.remove(documents.documents.find((d) => d.name === 'harbour.md')!.id);
    await chat.send('What is the harbour code?');
    expect(seen[2]!.map((m) => m.content).join('\n')).not.toContain('BLUEFIN-42');
    expect(chat.messages.at(-1)!.sources?.some((s) => s.documentName === 'harbour.md') ?? false).toBe(false);
  });

  it('a file refused is said in problems; the others are still attached', async () => {
    const { db } = await scriptedChat([]);
    const repo = new DocumentRepository(db);
    const documents = new DocumentsState({
      repo,
      worker: inThreadWorker(repo),
      embedder: () => null,
      budgetTokens: () => 100,
      onError: () => undefined,
    });
    await documents.open('c1');
    await documents.attach(
      [file('a.exe', 'MZ', 'application/octet-stream'), file('ok.txt', 'fine', 'text/plain')],
      'c1',
    );
    expect(documents.problems).toEqual([
      '“a.exe” is not a file Tandem can read. Attach .txt, .md, .html or .pdf files.',
    ]);
    expect(documents.documents.map((d) => [d.name, d.embeddingModel])).toEqual([['ok.txt', null]]);
  });

  it('a library document is used in every conversation, and back in one when unshared', async () => {
    const { db } = await scriptedChat([]);
    const repo = new DocumentRepository(db);
    const documents = new DocumentsState({
      repo,
      worker: inThreadWorker(repo),
      embedder: () => null,
      budgetTokens: () => 200,
      onError: (error) => {
        throw error;
      },
    });
    await documents.open('c1');
    await documents.attach([file('harbour.md', 'The secret harbour code is BLUEFIN-42.')], 'c1');
    const asked = [{ role: 'user' as const, content: 'What is the harbour code?' }];
    expect(await documents.prepare('c2', asked)).toEqual({ messages: asked, sources: null });
    await documents.share(documents.documents[0]!.id, true);
    expect(documents.documents).toEqual([]);
    expect(documents.library.map((d) => [d.name, d.conversationId, d.chunkCount])).toEqual([
      ['harbour.md', null, 1],
    ]);
    const shared = await documents.prepare('c2', asked);
    expect(shared.messages[0]!.content).toContain('BLUEFIN-42');
    expect(shared.sources?.map((s) => s.documentName)).toEqual(['harbour.md']);
    await documents.share(documents.library[0]!.id, false);
    expect(documents.documents.map((d) => d.conversationId)).toEqual(['c1']);
    expect(await documents.prepare('c2', asked)).toEqual({ messages: asked, sources: null });
  });
});
