/** The editor's field ids and the one message shown by the field it names. */
import type { DraftResult } from './config-draft';

/** The id of the input for a configuration path (`sequences.0.prompts.1.text`). */
export function fieldId(path: string): string {
  return `cfg-${path.replaceAll('.', '-')}`;
}
/** The id of the message shown by that input. */
export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}
/** The message for exactly this path, when the last check of the draft failed there. */
export function errorAt(result: DraftResult | null, path: string): string | null {
  return result && !result.ok && result.path === path ? result.message : null;
}
