/** Page side of the documents worker: started on first use, kept for later calls. */
import { RpcClient } from '../../platform/rpc/client';
import type { DocumentMethods, ExtractParams, ExtractResult, SearchParams, SearchResult } from './protocol';

export interface DocumentsWorker {
  extract(params: ExtractParams): Promise<ExtractResult>;
  search(params: SearchParams): Promise<SearchResult>;
}

export class DocumentsClient implements DocumentsWorker {
  private client: RpcClient<DocumentMethods> | null = null;

  private rpc(): RpcClient<DocumentMethods> {
    this.client ??= new RpcClient<DocumentMethods>(
      new Worker(new URL('./documents.worker.ts', import.meta.url), {
        type: 'module',
        name: 'tandem-documents',
      }),
      'documents worker',
    );
    return this.client;
  }

  extract(params: ExtractParams): Promise<ExtractResult> {
    return this.rpc().call('extract', params);
  }

  search(params: SearchParams): Promise<SearchResult> {
    return this.rpc().call('search', params);
  }
}
