/**
 * Model output is untrusted HTML: prove in a real browser that XSS payloads run nothing when
 * they go through the markdown pipeline and the Markdown component, streamed or not.
 *
 * Runs without the app shell: the component, the renderer and svelte are bundled in memory
 * with vite's build API and served from a fake origin through page.route, so this spec needs
 * neither a dev server nor a built dist/.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ORIGIN = 'http://tandem-md.test';

/** A tiny page exposing the real component and renderer on `window.md`. */
async function buildHarness(): Promise<string> {
  const harnessSvelte = path.join(ROOT, 'tests/e2e/__md_harness__/Harness.svelte');
  const entryId = '\0md-harness-entry';
  const src = (p: string) => JSON.stringify(path.join(ROOT, p));
  const harness: Plugin = {
    name: 'md-harness',
    enforce: 'pre',
    resolveId(id) {
      if (id === 'md-harness-entry') return entryId;
      if (id === harnessSvelte) return harnessSvelte;
      return null;
    },
    load(id) {
      if (id === entryId)
        return `
          import { mount, unmount, flushSync } from 'svelte';
          import Harness from ${JSON.stringify(harnessSvelte)};
          import { IncrementalMarkdown } from ${src('src/ui/markdown/incremental.ts')};
          import { renderMarkdown } from ${src('src/ui/markdown/marked.ts')};
          import { sanitizeHtml } from ${src('src/ui/markdown/sanitize.ts')};
          window.md = { mount: (target) => mount(Harness, { target }), unmount, flushSync, IncrementalMarkdown, renderMarkdown, sanitizeHtml };`;
      if (id === harnessSvelte)
        return `
          <script>
            import Markdown from ${src('src/ui/markdown/Markdown.svelte')};
            let text = $state('');
            let streaming = $state(true);
            export function set(t, s) { text = t; streaming = s; }
          </script>
          <Markdown {text} {streaming} idPrefix="m" />`;
      return null;
    },
  };
  const out = await build({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [harness, svelte({ emitCss: false })],
    build: {
      write: false,
      minify: false,
      modulePreload: false,
      rolldownOptions: { input: 'md-harness-entry', output: { format: 'iife' } },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs)
    if ('output' in o)
      for (const chunk of o.output) if (chunk.type === 'chunk' && chunk.isEntry) return chunk.code;
  throw new Error('harness build produced no entry chunk');
}

let bundle = '';

/** What the harness page exposes (untyped bundle; only what the tests call). */
interface Harness {
  set(text: string, streaming: boolean): void;
}
interface MdWindow {
  md: {
    mount(target: Element): Harness;
    unmount(h: Harness): void;
    flushSync(): void;
    renderMarkdown(text: string): string;
    IncrementalMarkdown: new () => { append(s: string): void; finish(): void; html: string };
  };
  harness?: Harness;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  bundle = await buildHarness();
});

async function openHarness(page: Page): Promise<void> {
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/harness.js')
      return route.fulfill({ contentType: 'text/javascript', body: bundle });
    if (url.pathname === '/')
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><meta charset="utf-8"><div id="app"></div><script src="/harness.js"></script>',
      });
    // Anything else (an image or a link target the sanitiser let through) is a failure signal.
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => 'md' in window);
}

/** Stream `text` into a freshly mounted Markdown component in `size`-char chunks, then finish. */
async function streamIntoComponent(page: Page, text: string, size: number): Promise<void> {
  await page.evaluate(
    ({ text, size }) => {
      const w = window as unknown as MdWindow;
      const target = document.getElementById('app')!;
      if (w.harness) w.md.unmount(w.harness);
      target.innerHTML = '';
      w.harness = w.md.mount(target);
      for (let i = size; i < text.length + size; i += size) {
        w.harness.set(text.slice(0, i), true);
        w.md.flushSync();
      }
      w.harness.set(text, false);
      w.md.flushSync();
    },
    { text, size },
  );
}

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '[click me](javascript:window.__xss=2)',
  '<script>window.__xss=3</script>',
  '<svg onload=window.__xss=4>',
  '<a href="javascript:window.__xss=5">x</a>',
  '<iframe src="javascript:window.__xss=6">',
  // Variations on the same themes.
  '![img](x" onerror="window.__xss=7)',
  '[entity](&#106;avascript:window.__xss=8)',
  '<a href="&#x6A;avascript&colon;window.__xss=9">entity tag</a>',
  '[spaced]( javascript:window.__xss=10 )',
  '<a href=" JaVaScRiPt:window.__xss=11">case</a>',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTI8L3NjcmlwdD4=)',
  '[vb](vbscript:window.__xss=13)',
  '<details open ontoggle="window.__xss=14">d</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=15"></style></mglyph></table></mtext></math>',
  '<form action="javascript:window.__xss=16"><button>go</button></form>',
  '<object data="javascript:window.__xss=17"></object><embed src="javascript:window.__xss=18">',
  '<div style="background:url(javascript:window.__xss=19)">styled</div>',
  '<a href="javascript:window.__xss=20"><b>nested</b></a> and <javascript:window.__xss=21>',
  '<style>@import "http://tandem-md.test/leak.css";</style><link rel=stylesheet href="http://tandem-md.test/leak2.css">',
  '<input type="text" autofocus onfocus="window.__xss=22"><input type="checkbox" onclick="window.__xss=23">',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=24>"></noscript>',
  '```\n</code></pre><img src=x onerror="window.__xss=25">\n```',
];

async function assertInert(page: Page, requests: string[]): Promise<void> {
  // Give error/load handlers and lazily started fetches a chance to fire.
  await page.waitForTimeout(100);
  const report = await page.evaluate(() => {
    const root = document.getElementById('app')!;
    // The component's own copy buttons are app UI, not sanitised content.
    const all = [...root.querySelectorAll('*')].filter((e) => !e.matches('.code-block > button.copy'));
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      forbidden: all
        .filter((e) =>
          /^(script|style|iframe|object|embed|img|svg|math|form|link|meta|base|button|textarea|select)$/i.test(
            e.tagName,
          ),
        )
        .map((e) => e.outerHTML),
      onAttrs: all.flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`),
      ),
      styleAttrs: all.filter((e) => e.hasAttribute('style')).length,
      badHrefs: all
        .filter((e) => e.hasAttribute('href') && !/^(https?:\/\/|mailto:)/i.test(e.getAttribute('href')!))
        .map((e) => e.outerHTML),
      linksWithoutRel: [...root.querySelectorAll('a[href]')].filter(
        (a) =>
          a.getAttribute('rel') !== 'noopener noreferrer nofollow' || a.getAttribute('target') !== '_blank',
      ).length,
      anchors: root.querySelectorAll('a').length,
    };
  });
  expect(report.xss).toBeUndefined();
  expect(report.forbidden).toEqual([]);
  expect(report.onAttrs).toEqual([]);
  expect(report.styleAttrs).toBe(0);
  expect(report.badHrefs).toEqual([]);
  expect(report.linksWithoutRel).toBe(0);

  // Click every link and focus/click every input: nothing may run.
  const anchors = page.locator('#app a');
  for (let i = 0; i < (await anchors.count()); i++) await anchors.nth(i).click({ force: true });
  const inputs = page.locator('#app input');
  for (let i = 0; i < (await inputs.count()); i++)
    await inputs
      .nth(i)
      .click({ force: true })
      .catch(() => {});
  await page.waitForTimeout(50);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(requests).toEqual([]);
}

test.describe('markdown XSS', () => {
  test('every payload is inert, alone and streamed in small chunks', async ({ page, context }) => {
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openHarness(page);
    page.on('request', (r) => {
      if (!r.url().endsWith('/harness.js') && r.url() !== `${ORIGIN}/`) requests.push(r.url());
    });
    for (const payload of PAYLOADS) {
      for (const size of [payload.length, 3]) {
        await streamIntoComponent(page, `Answer:\n\n${payload}\n\nafter`, size);
        await assertInert(page, requests);
      }
    }
    // All together, as one answer, with the payloads also inside lists and quotes.
    const combined = PAYLOADS.map((p, i) => (i % 3 === 0 ? `- ${p}` : i % 3 === 1 ? `> ${p}` : p)).join(
      '\n\n',
    );
    await streamIntoComponent(page, combined, 5);
    await assertInert(page, requests);
    expect(context.pages()).toHaveLength(1); // no popup was opened by a click
    expect(errors).toEqual([]);
  });

  test('benign markdown survives sanitising, links get rel/target, images become links', async ({ page }) => {
    await openHarness(page);
    const doc = [
      '# Title',
      'Text with a [link](https://example.com/a) and <a href="mailto:a@example.com">mail</a>.',
      '![diagram](https://example.com/d.png)',
      '| a | b |\n|---|--:|\n| 1 | 2 |',
      '3. three\n4. four',
      '```ts\nconst x = 1;\n\nconsole.log(x);\n```',
      '- [x] done\n- [ ] todo',
      '> quoted **bold**',
    ].join('\n\n');
    await streamIntoComponent(page, doc, 4);
    const r = await page.evaluate(() => {
      const root = document.getElementById('app')!;
      return {
        h1: root.querySelector('h1')?.textContent,
        links: [...root.querySelectorAll('a')].map((a) => [
          a.getAttribute('href'),
          a.textContent,
          a.getAttribute('rel'),
          a.getAttribute('target'),
        ]),
        imgs: root.querySelectorAll('img').length,
        cells: root.querySelectorAll('td').length,
        align: root.querySelector('td:nth-child(2)')?.getAttribute('align'),
        olStart: root.querySelector('ol')?.getAttribute('start'),
        code: root.querySelector('pre code')?.textContent,
        codeClass: root.querySelector('pre code')?.getAttribute('class'),
        copyButtons: root.querySelectorAll('button.copy').length,
        checkboxes: [...root.querySelectorAll('input[type=checkbox]')].map((i) => [
          (i as HTMLInputElement).checked,
          (i as HTMLInputElement).disabled,
        ]),
        quote: root.querySelector('blockquote strong')?.textContent,
      };
    });
    const rel = 'noopener noreferrer nofollow';
    expect(r.h1).toBe('Title');
    expect(r.links).toEqual([
      ['https://example.com/a', 'link', rel, '_blank'],
      ['mailto:a@example.com', 'mail', rel, '_blank'],
      ['https://example.com/d.png', '[image: diagram]', rel, '_blank'],
    ]);
    expect(r.imgs).toBe(0);
    expect(r.cells).toBe(2);
    expect(r.align).toBe('right');
    expect(r.olStart).toBe('3');
    expect(r.code).toBe('const x = 1;\n\nconsole.log(x);\n');
    expect(r.codeClass).toBe('language-ts');
    expect(r.copyButtons).toBe(1);
    expect(r.checkboxes).toEqual([
      [true, true],
      [false, true],
    ]);
    expect(r.quote).toBe('bold');
  });

  test('streaming leaves completed blocks\u2019 DOM nodes alone and matches whole-text rendering', async ({
    page,
  }) => {
    await openHarness(page);
    const result = await page.evaluate(() => {
      const w = window as unknown as MdWindow;
      const target = document.getElementById('app')!;
      const h = w.md.mount(target);
      const doc =
        '# Heading\n\nFirst paragraph.\n\n- a\n- b\n  - c\n\n```js\nlet a = 1;\n\nlet b = 2;\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n> quote\n\nLast paragraph that keeps going for a while.';
      let firstH1: Element | null = null;
      let stable = true;
      for (let i = 1; i <= doc.length; i++) {
        h.set(doc.slice(0, i), true);
        w.md.flushSync();
        const h1 = target.querySelector('h1');
        if (firstH1 === null && h1 && doc.slice(0, i).includes('First paragraph.\n\n- a\n')) firstH1 = h1;
        if (firstH1 && target.querySelector('h1') !== firstH1) stable = false;
      }
      h.set(doc, false);
      w.md.flushSync();
      const inner = target.querySelector('.markdown')!;
      // Compare structure, ignoring what the component adds: the copy button around code blocks and
      // the scroll boxes around code blocks and tables.
      const clone = inner.cloneNode(true) as Element;
      clone.querySelectorAll('button.copy').forEach((b) => b.remove());
      clone
        .querySelectorAll('.code-block, .code-scroll, .table-scroll')
        .forEach((d) => d.replaceWith(...d.childNodes));
      const whole = document.createElement('div');
      whole.innerHTML = w.md.renderMarkdown(doc);
      const norm = (e: Element) =>
        e.innerHTML
          .replace(/<!---->/g, '')
          .replace(/\s+/g, ' ')
          .trim();
      const inc = new w.md.IncrementalMarkdown();
      for (let i = 0; i < doc.length; i += 3) inc.append(doc.slice(i, i + 3));
      inc.finish();
      return {
        stable,
        sawH1: firstH1 !== null,
        same: norm(clone) === norm(whole),
        sameString: inc.html === w.md.renderMarkdown(doc),
      };
    });
    expect(result.sawH1).toBe(true);
    expect(result.stable).toBe(true);
    expect(result.same).toBe(true);
    expect(result.sameString).toBe(true);
  });
});
