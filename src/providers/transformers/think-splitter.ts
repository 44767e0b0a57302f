/**
 * Splits a local model's streamed text into reasoning and answer: what a Qwen3-style model
 * writes between `<think>` and `</think>` becomes `thinking-delta` parts (the collapsed Thinking
 * section Claude's thinking uses), the rest `text-delta`. So the reasoning never lands in the
 * answer text, and with it never in health scoring, feedback exports or the history sent back
 * (those read the answer only).
 *
 * Tags can arrive split over chunks ("<thi" + "nk>"): a tail that could start a tag is held back
 * until the next chunk shows what it is, and released by `end()`. Models whose chat template
 * opens the block itself (the generation prompt ends with `<think>`, e.g. DeepSeek-R1 distills)
 * start inside it: pass `startInThinking`. Whitespace right after a tag is dropped (models put
 * "\n\n" after `</think>`).
 */
import type { StreamPart } from '../../core/provider';

const OPEN = '<think>';
const CLOSE = '</think>';

type Part = Extract<StreamPart, { type: 'text-delta' | 'thinking-delta' }>;

/** Whether the rendered prompt leaves the model inside an open `<think>` block. */
export function promptOpensThinking(prompt: string): boolean {
  const open = prompt.lastIndexOf(OPEN);
  return open >= 0 && prompt.indexOf(CLOSE, open) < 0;
}

export class ThinkSplitter {
  private thinking: boolean;
  private pending = '';
  /** Drop whitespace at the start of the current section. */
  private atSectionStart = true;

  constructor(options: { startInThinking?: boolean } = {}) {
    this.thinking = options.startInThinking ?? false;
  }

  /** Feeds one streamed chunk; returns the parts it completes, in order. */
  push(chunk: string): Part[] {
    const out: Part[] = [];
    let text = this.pending + chunk;
    this.pending = '';
    for (;;) {
      const tag = this.thinking ? CLOSE : OPEN;
      const at = text.indexOf(tag);
      if (at < 0) break;
      this.emit(out, text.slice(0, at));
      text = text.slice(at + tag.length);
      this.thinking = !this.thinking;
      this.atSectionStart = true;
    }
    // Hold back a tail that could be the start of the next tag.
    const tag = this.thinking ? CLOSE : OPEN;
    let hold = 0;
    for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
      if (tag.startsWith(text.slice(text.length - n))) {
        hold = n;
        break;
      }
    }
    this.pending = text.slice(text.length - hold);
    this.emit(out, text.slice(0, text.length - hold));
    return out;
  }

  /** Releases what was held back (a tag that never completed is plain text). */
  end(): Part[] {
    const out: Part[] = [];
    this.emit(out, this.pending);
    this.pending = '';
    return out;
  }

  private emit(out: Part[], raw: string): void {
    const text = this.atSectionStart ? raw.replace(/^\s+/, '') : raw;
    if (!text) return;
    this.atSectionStart = false;
    const type = this.thinking ? 'thinking-delta' : 'text-delta';
    const last = out.at(-1);
    if (last && last.type === type) last.text += text;
    else out.push({ type, text });
  }
}
