/**
 * Splits inline reasoning out of streamed answer text: models such as DeepSeek-R1 or Qwen3 served
 * without a reasoning parser write `<think>…</think>` at the start of `content`. The tags can
 * arrive split over any number of chunks (`<th` + `ink>`), so a possible tag prefix is held back
 * until the next chunk decides it.
 *
 * Only a `<think>` that opens the answer (after optional whitespace) counts: a model that
 * writes the tag later is quoting it, and answer text already shown is never taken back.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export interface ThinkPiece {
  kind: 'text' | 'thinking';
  text: string;
}

type State = 'start' | 'thinking' | 'after-think' | 'text';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function heldSuffix(text: string, tag: string): number {
  const max = Math.min(text.length, tag.length - 1);
  for (let n = max; n > 0; n--) {
    if (tag.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

export class ThinkSplitter {
  private state: State = 'start';
  private held = '';

  /** Feeds one content delta; returns the pieces it completes, in order. */
  push(chunk: string): ThinkPiece[] {
    const out: ThinkPiece[] = [];
    let rest = this.held + chunk;
    this.held = '';
    while (rest) {
      if (this.state === 'text') {
        out.push({ kind: 'text', text: rest });
        break;
      }
      if (this.state === 'start') {
        const trimmed = rest.trimStart();
        if (trimmed.startsWith(OPEN)) {
          this.state = 'thinking';
          rest = trimmed.slice(OPEN.length);
          continue;
        }
        if (trimmed === '' || OPEN.startsWith(trimmed)) {
          this.held = rest; // whitespace or a tag prefix: wait for more
          break;
        }
        this.state = 'text';
        continue;
      }
      if (this.state === 'after-think') {
        // The blank line models put between the reasoning and the answer is not answer text.
        const trimmed = rest.trimStart();
        if (!trimmed) break;
        this.state = 'text';
        rest = trimmed;
        continue;
      }
      // thinking
      const close = rest.indexOf(CLOSE);
      if (close !== -1) {
        if (close > 0) out.push({ kind: 'thinking', text: rest.slice(0, close) });
        this.state = 'after-think';
        rest = rest.slice(close + CLOSE.length);
        continue;
      }
      const hold = heldSuffix(rest, CLOSE);
      const emit = rest.slice(0, rest.length - hold);
      if (emit) out.push({ kind: 'thinking', text: emit });
      this.held = rest.slice(rest.length - hold);
      break;
    }
    return merge(out);
  }

  /** End of the answer: whatever was held back is what it looked like. */
  flush(): ThinkPiece[] {
    const held = this.held;
    this.held = '';
    if (!held) return [];
    if (this.state === 'thinking') return [{ kind: 'thinking', text: held }];
    if (this.state === 'start' && held.trim() === '') return [];
    return [{ kind: 'text', text: held }];
  }
}

function merge(pieces: ThinkPiece[]): ThinkPiece[] {
  const out: ThinkPiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last && last.kind === piece.kind) last.text += piece.text;
    else out.push({ ...piece });
  }
  return out;
}
