/** Page side of the message-search worker: started on the first search, kept for later ones. */
import { RpcClient } from '../../../platform/rpc/client';
import type { MessageSearchMethods, MessageSearchParams, MessageSearchResult } from './protocol';

export class MessageSearchClient {
  private client: RpcClient<MessageSearchMethods> | null = null;

  search(params: MessageSearchParams): Promise<MessageSearchResult> {
    this.client ??= new RpcClient<MessageSearchMethods>(
      new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'tandem-search' }),
      'message search worker',
    );
    return this.client.call('search', params);
  }
}
