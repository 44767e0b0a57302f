import { describe, expect, it } from 'vitest';
import { IncrementalMarkdown } from './incremental';
import { type MarkdownBlock } from './types';
import { markdownToHtml, renderMarkdown } from './marked';
import { canSanitize, isSafeHref, sanitizeHtml } from './sanitize';

// Node has no DOM, so these tests check the block logic with an identity sanitiser;
// sanitising itself is tested in real Chromium (tests/e2e/markdown-xss.spec.ts).
const identity = (html: string) => html;

const DOCS: Record<string, string> = {
  headings:
    '# Title\n\nIntro paragraph with **bold** and `code`.\n\n## Section\nSetext heading\n===\n\nText\n---\n\nAfter.\n',
  lists:
    '- one\n- two\n  - nested a\n  - nested b\n    1. deep\n    2. deeper\n- three\n\n' +
    '1. first\n\n2. second (loose)\n\n   continuation paragraph\n3. third\n\nNot in the list.\n\n' +
    '* [ ] task\n* [x] done\n',
  fences:
    'Before:\n\n```ts\nconst a = 1;\n\n\nfunction f() {\n  return a;\n}\n```\n\nBetween.\n\n' +
    '~~~\n# not a heading\n\n- not a list\n~~~\n\n    indented code\n\n    more indented\n\nEnd with ``` inside text.\n',
  unclosedFence: 'Text\n\n```python\nprint("hi")\n\nprint("still code")\n',
  tables:
    'Intro line\n| Name | Value |\n|------|------:|\n| a | 1 |\n| b | 2 |\n\n' +
    '| x | y |\n| --- | --- |\n| `p|q` | **z** |\nrow without pipes\n\nAfter table.\n\n' +
    'Not a table\n| a | b |\nno delimiter\n',
  blockquotes: '> quote line\nlazy continuation\n\n> second\n>\n> > nested\n> - list in quote\n\nplain\n',
  paragraphs:
    'One line.\nSame paragraph.\n\n\n\nAnother after blank lines.  \nHard break.\n\n***\n\nLast *emphasis* and ~~strike~~ and https://example.com autolink.\n',
  html: 'Text <b>bold</b> <span>x</span>\n\n<div>\nblock html\n</div>\n\n<!-- comment -->\n\nafter\n',
  mixed:
    '# Answer\n\nHere is how:\n1. Install\n   ```sh\n   npm i x\n   ```\n2. Run it\n\n> Note: careful\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nDone.',
  images: 'See ![diagram](https://example.com/d.png "Diagram") and ![x](javascript:alert(1)).\n',
  // Lines that look like the start of a construct until the next line says otherwise.
  almostTable: 'Para\n| a | b |\n|---|---|x\nmore\n\nPara\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  almostSetext: 'Para\nline\n--- x\n\nPara\n- -\n- - -\n\nq\n===x\n',
  numbers: '1. a\n\n2\n\n3. c\n- x\n\n-\n\n- y\n10) ten\n11) eleven\n',
};

function stream(text: string, sizes: number[] | ((i: number) => number), opts = { check: false }) {
  const inc = new IncrementalMarkdown({ sanitize: identity });
  let pos = 0;
  let i = 0;
  const frozen = new Map<string, MarkdownBlock>();
  while (pos < text.length) {
    const n = typeof sizes === 'function' ? sizes(i) : (sizes[i % sizes.length] ?? 1);
    inc.append(text.slice(pos, pos + n));
    pos += n;
    i++;
    if (opts.check) {
      // Every intermediate state equals rendering the prefix from scratch...
      expect(inc.html).toBe(markdownToHtml(text.slice(0, pos)));
      // ...and committed blocks are never touched again (same object, same html).
      for (const b of inc.blocks) {
        if (b.open) continue;
        const seen = frozen.get(b.id);
        if (seen) expect(b).toBe(seen);
        else frozen.set(b.id, b);
      }
    }
  }
  inc.finish();
  return inc;
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('IncrementalMarkdown: same HTML as whole-text rendering', () => {
  for (const [name, doc] of Object.entries(DOCS)) {
    it(`${name}: every split point, every intermediate state`, () => {
      const whole = markdownToHtml(doc);
      // Two chunks split at every offset: the hardest case for block-boundary decisions.
      for (let cut = 1; cut < doc.length; cut++) {
        const inc = new IncrementalMarkdown({ sanitize: identity });
        inc.append(doc.slice(0, cut));
        expect(inc.html, `prefix ${cut}`).toBe(markdownToHtml(doc.slice(0, cut)));
        inc.append(doc.slice(cut));
        expect(inc.html, `cut at ${cut}`).toBe(whole);
        inc.finish();
        expect(inc.html, `cut at ${cut}, finished`).toBe(whole);
        expect(inc.stats.fallbacks).toBe(0);
      }
    });

    it(`${name}: char by char and random chunks`, () => {
      const whole = markdownToHtml(doc);
      expect(stream(doc, [1], { check: true }).html).toBe(whole);
      const rnd = seeded(name.length);
      expect(stream(doc, () => 1 + Math.floor(rnd() * 16), { check: true }).html).toBe(whole);
    });
  }

  it('fuzz: random documents from tricky lines, random chunking', () => {
    const lines = [
      '',
      '',
      '',
      'plain text',
      'more *text* here',
      '# heading',
      'Setext',
      '===',
      '---',
      '- item',
      '  - nested',
      '1. one',
      '2. two',
      '10) ten',
      '   indented cont',
      '    code line',
      '```',
      '```js',
      '~~~',
      '> quote',
      '>',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '|--|x',
      '<div>',
      '</div>',
      '<!-- c -->',
      '* * *',
      '+ plus',
      '- [ ] task',
      '  ```',
      'para with `code` and [link](https://e.com)',
      '\tTabbed',
      '-',
      '2',
      '2.',
    ];
    const rnd = seeded(42);
    for (let d = 0; d < 300; d++) {
      const n = 3 + Math.floor(rnd() * 14);
      const doc =
        Array.from({ length: n }, () => lines[Math.floor(rnd() * lines.length)]).join('\n') +
        (rnd() < 0.5 ? '\n' : '');
      const inc = stream(doc, () => 1 + Math.floor(rnd() * 9), { check: true });
      expect(inc.html, JSON.stringify(doc)).toBe(markdownToHtml(doc));
      expect(inc.stats.fallbacks).toBe(0);
    }
  });

  it('reference links defined after use resolve after finish()', () => {
    const doc =
      'See [the docs][d] here.\n\nMore text.\n\n[d]: https://example.com/docs "Docs"\n\nAnd [again][d].\n';
    const inc = stream(doc, [5]);
    expect(inc.html).toBe(markdownToHtml(doc));
    expect(inc.stats.fullRenders).toBe(1);
    expect(inc.html).toContain('href="https://example.com/docs"');
  });

  it('normalises CRLF, including a CR/LF pair split across chunks', () => {
    const inc = new IncrementalMarkdown({ sanitize: identity });
    for (const c of ['# A\r', '\n\r\n- x\r', '\n- y\r\n\r\npara\r\n']) inc.append(c);
    inc.finish();
    expect(inc.html).toBe(markdownToHtml('# A\n\n- x\n- y\n\npara\n'));
  });

  it('setText with a longer text appends; a different text starts over', () => {
    const inc = new IncrementalMarkdown({ sanitize: identity });
    inc.setText('# A\n\npara one\n\npara');
    const lexed = inc.stats.charsLexed;
    inc.setText('# A\n\npara one\n\npara two\n');
    expect(inc.stats.charsLexed - lexed).toBeLessThan(30); // only the tail was lexed again
    expect(inc.html).toBe(markdownToHtml('# A\n\npara one\n\npara two\n'));
    inc.setText('# A\n\npara one\n\npara two\n\r');
    inc.setText('# A\n\npara one\n\npara two\n\r\n- x\r\n');
    expect(inc.html).toBe(markdownToHtml('# A\n\npara one\n\npara two\n\n- x\n'));
    inc.setText('completely different');
    expect(inc.html).toBe(markdownToHtml('completely different'));
  });

  it('append after finish reopens the last block', () => {
    const inc = new IncrementalMarkdown({ sanitize: identity });
    inc.append('para one\n\nhalf a sen');
    inc.finish();
    inc.append('tence\n- item');
    inc.finish();
    expect(inc.html).toBe(markdownToHtml('para one\n\nhalf a sentence\n- item'));
  });
});

describe('IncrementalMarkdown: blocks', () => {
  it('open block keeps its id when committed; code blocks expose their text', () => {
    const inc = new IncrementalMarkdown({ sanitize: identity, idPrefix: 'm1' });
    inc.append('```js\nlet x = 1;\n');
    const open = inc.blocks[0]!;
    expect(open.open).toBe(true);
    expect(open.id).toBe('m1-0');
    expect(open.code).toEqual({ text: 'let x = 1;', lang: 'js' });
    inc.append('```\n\nnext paragraph\n\nand another\n\n');
    const committed = inc.blocks[0]!;
    expect(committed.open).toBe(false);
    expect(committed.id).toBe('m1-0');
    expect(committed.code?.text).toBe('let x = 1;');
    expect(inc.blocks.map((b) => b.id)).toEqual(['m1-0', 'm1-1', 'm1-2']);
  });

  it('each completed block is parsed exactly once', () => {
    const doc = Object.values(DOCS)
      .filter((d) => !d.includes(']:'))
      .join('\n\n');
    const rendered = new Map<string, number>();
    const counting = (html: string) => {
      rendered.set(html, (rendered.get(html) ?? 0) + 1);
      return html;
    };
    const inc = new IncrementalMarkdown({ sanitize: counting });
    for (let i = 0; i < doc.length; i += 7) inc.append(doc.slice(i, i + 7));
    const beforeFinish = inc.stats.blocksParsed;
    inc.finish();
    const blocks = inc.blocks;
    expect(inc.stats.blocksParsed).toBeLessThanOrEqual(blocks.length + 1);
    expect(beforeFinish).toBeGreaterThan(blocks.length - 5);
    expect(inc.html).toBe(markdownToHtml(doc));
  });
});

describe('IncrementalMarkdown: cost grows linearly with the answer', () => {
  const unit = Object.values(DOCS)
    .filter((d) => !d.includes(']:') && !d.startsWith('Text\n\n```python'))
    .join('\n\n');

  function parsedChars(copies: number, chunk: number) {
    const doc = Array.from({ length: copies }, () => unit).join('\n\n');
    const inc = new IncrementalMarkdown({ sanitize: identity });
    for (let i = 0; i < doc.length; i += chunk) inc.append(doc.slice(i, i + chunk));
    inc.finish();
    expect(inc.html).toBe(markdownToHtml(doc));
    return {
      n: doc.length,
      chunks: inc.stats.chunks,
      lexed: inc.stats.charsLexed,
      parsed: inc.stats.charsParsed,
    };
  }

  it('8x the text costs ~8x the work, not ~64x', () => {
    const small = parsedChars(4, 8);
    const big = parsedChars(32, 8);
    const naive = (n: number, c: number) => (n * (n / c)) / 2; // whole prefix re-parsed per chunk
    const growth = big.parsed / small.parsed;
    expect(big.n / small.n).toBeCloseTo(8, 0);
    expect(growth).toBeGreaterThan(6);
    expect(growth).toBeLessThan(10);
    expect(big.lexed / small.lexed).toBeLessThan(10);
    // Per input char, the incremental renderer touches a bounded number of chars...
    expect(big.parsed / big.n).toBeLessThan(40);
    // ...while the naive approach would touch thousands at this size.
    expect(naive(big.n, 8) / big.n).toBeGreaterThan(1000);
  });
});

describe('sanitize in Node', () => {
  it('fails closed without a DOM: escapes instead of passing HTML through', () => {
    expect(canSanitize()).toBe(false);
    expect(sanitizeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderMarkdown('<script>x</script>')).not.toContain('<script');
  });

  it('isSafeHref allows only http(s) and mailto', () => {
    expect(isSafeHref('https://example.com/a?b')).toBe(true);
    expect(isSafeHref('http://example.com')).toBe(true);
    expect(isSafeHref('mailto:a@b.c')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      ' java\tscript:alert(1)',
      'JAVASCRIPT:x',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      '#frag',
      '//evil.example',
      'ftp://x',
    ])
      expect(isSafeHref(bad), bad).toBe(false);
  });

  it('markdown images become links, unsafe ones plain text', () => {
    const html = markdownToHtml('![diagram](https://example.com/d.png) ![x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://example.com/d.png">[image: diagram]</a>');
    expect(html).toContain('[image: x]');
    expect(html).not.toContain('javascript:');
  });
});

describe('committedBlocks', () => {
  it('stays the same array while only the open block changes, and is new after a commit', () => {
    const md = new IncrementalMarkdown({ sanitize: (html) => html });
    md.append('# Title\n\nFirst para\n\nSec');
    const a = md.committedBlocks;
    expect(a.map((b) => b.type)).toEqual(['heading']);
    md.append('ond para');
    expect(md.committedBlocks).toBe(a);
    expect(md.html).toContain('Second para');
    md.append('.\n\nThird.\n\nFourth');
    expect(md.committedBlocks).not.toBe(a);
    expect(md.committedBlocks.length).toBeGreaterThan(a.length);
    md.finish();
    expect(md.openBlock).toBeNull();
    expect(md.committedBlocks.map((b) => b.html).join('')).toBe(md.html);
  });
});
