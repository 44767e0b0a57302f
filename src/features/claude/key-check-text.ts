/** What Settings says of a key check (claude.svelte.ts `KeyCheck`): decisions on codes and the HTTP status. */
import type { KeyCheck } from './claude.svelte';

export function keyCheckText(check: KeyCheck): string {
  switch (check.state) {
    case 'idle':
      return '';
    case 'checking':
      return 'Checking key… (one free request to Anthropic: the list of models)';
    case 'ok':
      return 'Key works: Anthropic accepted it.';
    case 'failed': {
      const { error } = check;
      const status = error.details?.status;
      const said = error.details?.apiMessage;
      if (error.code === 'invalid-api-key' && status === undefined) return error.message; // no key typed
      if (
        typeof status === 'number' &&
        (error.code === 'invalid-api-key' || error.code === 'permission-denied')
      ) {
        const why = typeof said === 'string' ? said : error.message;
        return `Key refused by Anthropic (${status}): ${why}. Check that it was copied whole from the Anthropic Console.`;
      }
      return `Key not checked: ${error.message}`;
    }
  }
}
