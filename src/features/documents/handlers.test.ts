import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../tests/fixtures/documents/make-pdf';
import { extractDocument, SearchCache, type ChunkLoader } from './handlers';
import type { PdfJs } from './pdf';
import type { SearchableChunk } from './retrieve';

const pdfjs = (): Promise<PdfJs> => import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>;
const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('reading a document in the worker', () => {
  it('markdown keeps its text; html loses its markup; both are chunked', async () => {
    const md = await extractDocument(
      { name: 'a.md', kind: 'markdown', bytes: bytes('# Title\r\n\r\nBody text.') },
      pdfjs,
    );
    expect(md.chunks.map((c) => c.text)).toEqual(['# Title\n\nBody text.']);
    const html = await extractDocument(
      { name: 'a.html', kind: 'html', bytes: bytes('<h1>Title</h1><script>x()</script><p>Body</p>') },
      pdfjs,
    );
    expect(html.chunks.map((c) => c.text)).toEqual(['Title\nBody']);
    expect(html.chars).toBe(10);
  });

  it('a pdf is read with pdf.js and counted in pages', async () => {
    const result = await extractDocument(
      { name: 'p.pdf', kind: 'pdf', bytes: makePdf([['Alpha beta.'], ['Gamma.']]).buffer as ArrayBuffer },
      pdfjs,
    );
    expect(result.pages).toBe(2);
    expect(result.chunks[0]!.text.replace(/\s+/g, ' ')).toBe('Alpha beta. Gamma.');
  });

  it('a file with no text is refused, pdf.js is not loaded for text files', async () => {
    let loaded = 0;
    const counting = (): Promise<PdfJs> => {
      loaded++;
      return pdfjs();
    };
    await expect(
      extractDocument({ name: 'e.txt', kind: 'text', bytes: bytes(' \n ') }, counting),
    ).rejects.toMatchObject({
      code: 'no-text-found',
    });
    await extractDocument({ name: 't.txt', kind: 'text', bytes: bytes('hello') }, counting);
    expect(loaded).toBe(0);
  });
});

describe('searching in the worker', () => {
  const chunks: SearchableChunk[] = [
    { id: 'd:0', documentId: 'd', text: 'The secret code is ALPHA-7.', tokens: 8, vector: null },
    { id: 'd:1', documentId: 'd', text: 'Unrelated words about gardens.', tokens: 8, vector: null },
  ];

  it('finds the chunk, within the budget, and rebuilds the index only when the documents change', async () => {
    let key = 'k1';
    let list = chunks;
    const loads: string[][] = [];
    const loader: ChunkLoader = {
      key: () => Promise.resolve(key),
      chunks: (ids) => {
        loads.push(ids);
        return Promise.resolve(list);
      },
    };
    const cache = new SearchCache(loader);
    const params = {
      documentIds: ['d'],
      query: 'what is the secret code',
      vector: null,
      model: null,
      budgetTokens: 100,
    };
    const first = await cache.run(params);
    expect(first.chunks.map((c) => c.id)).toEqual(['d:0']);
    expect(first.searched).toBe(2);
    expect((await cache.run({ ...params, budgetTokens: 4 })).chunks).toEqual([]);
    // Same key: the old index answers even though the loader returned a different list.
    list = [{ ...chunks[1]!, text: 'secret code BETA' }];
    expect((await cache.run(params)).chunks.map((c) => c.id)).toEqual(['d:0']);
    key = 'k2';
    expect((await cache.run(params)).chunks.map((c) => c.text)).toEqual(['secret code BETA']);
    expect(loads.every((ids) => ids.join() === 'd')).toBe(true);
    // The chunks were read twice (the first search, and once the key changed), not per search.
    expect(loads).toHaveLength(2);
  });
});
