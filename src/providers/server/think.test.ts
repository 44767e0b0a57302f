import { describe, expect, it } from 'vitest';
import { ThinkSplitter, type ThinkPiece } from './think';

function run(chunks: string[]): { text: string; thinking: string } {
  const splitter = new ThinkSplitter();
  const pieces: ThinkPiece[] = [];
  for (const c of chunks) pieces.push(...splitter.push(c));
  pieces.push(...splitter.flush());
  return {
    text: pieces
      .filter((p) => p.kind === 'text')
      .map((p) => p.text)
      .join(''),
    thinking: pieces
      .filter((p) => p.kind === 'thinking')
      .map((p) => p.text)
      .join(''),
  };
}

describe('ThinkSplitter', () => {
  const whole = '<think>I should say hi.</think>\n\nHello there!';

  it('splits thinking from the answer, whatever the chunk boundaries', () => {
    expect(run([whole])).toEqual({ thinking: 'I should say hi.', text: 'Hello there!' });
    for (let a = 1; a < whole.length; a++) {
      for (let b = a; b < whole.length; b += 3) {
        const got = run([whole.slice(0, a), whole.slice(a, b), whole.slice(b)]);
        expect(got, `cuts at ${a}, ${b}`).toEqual({ thinking: 'I should say hi.', text: 'Hello there!' });
      }
    }
  });

  it('one character at a time', () => {
    expect(run([...whole])).toEqual({ thinking: 'I should say hi.', text: 'Hello there!' });
  });

  it('leaves an answer without the tag alone, also one that starts like the tag', () => {
    expect(run(['<', 'b>bold</b>'])).toEqual({ thinking: '', text: '<b>bold</b>' });
    expect(run(['<th', 'ings>'])).toEqual({ thinking: '', text: '<things>' });
    expect(run(['Plain answer'])).toEqual({ thinking: '', text: 'Plain answer' });
  });

  it('a <think> later in the answer is quoted text, not reasoning', () => {
    expect(run(['Use the ', '<think>', ' tag'])).toEqual({ thinking: '', text: 'Use the <think> tag' });
  });

  it('keeps unfinished thinking as thinking when the stream ends inside it', () => {
    expect(run(['<think>still going </th'])).toEqual({ thinking: 'still going </th', text: '' });
  });

  it('allows whitespace before the opening tag', () => {
    expect(run(['\n ', '<think>a</think>b'])).toEqual({ thinking: 'a', text: 'b' });
  });

  it('keeps text that only looked like a tag prefix at the end of a stream', () => {
    expect(run(['<thi'])).toEqual({ thinking: '', text: '<thi' });
  });
});
