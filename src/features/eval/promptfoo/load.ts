/**
 * Reads a promptfoo configuration and the files it references into a `PfSuite`: prompts
 * (strings, `file://` text/JSON/YAML files, chat message lists, labels), providers (ids and
 * labels, for the user to map), tests (inline, `file://` CSV / YAML / JSON / JSONL), `defaultTest`
 * merged into every test as promptfoo merges it (vars and options spread, asserts first, the
 * test's own threshold first), and vars lists expanded into one test per value. What cannot run
 * here is counted in `skipped` by name. YAML is parsed by the `yaml` package, loaded on demand.
 */
import * as v from 'valibot';
import { testsFromCsv } from './csv';
import { extension, FileSet, refPath, type InputFile } from './files';
import { firstIssue, promptfooSchema, testSchema, type RawTest } from './schema';
import type { PfPrompt, PfProvider, PfSuite, PfTest } from '../../../core/promptfoo';
import { unsupportedReason } from './assertions';

export type LoadResult = { ok: true; suite: PfSuite } | { ok: false; message: string };

type Yaml = (text: string) => unknown;

const SCRIPT = new Set(['js', 'cjs', 'mjs', 'ts', 'py', 'rb', 'go', 'sh']);
/** Top-level features Tandem does not run (each listed when present). */
const SKIPPED_FIELDS = ['scenarios', 'nunjucksFilters', 'extensions', 'derivedMetrics', 'redteam'];

class Loader {
  readonly skipped: Record<string, number> = {};
  constructor(
    readonly files: FileSet,
    readonly yaml: Yaml,
  ) {}

  skip(name: string, n = 1): void {
    this.skipped[name] = (this.skipped[name] ?? 0) + n;
  }

  data(file: InputFile): unknown {
    const ext = extension(file.name);
    if (ext === 'json') return JSON.parse(file.text);
    if (ext === 'jsonl') {
      return file.text
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as unknown);
    }
    return this.yaml(file.text);
  }

  prompts(value: PromptfooConfigPrompts): PfPrompt[] {
    const entries: { ref: string; label?: string; inline?: boolean }[] = [];
    if (typeof value === 'string') entries.push({ ref: value });
    else if (Array.isArray(value)) {
      for (const p of value) {
        if (typeof p === 'string') entries.push({ ref: p });
        else if (p.raw !== undefined) entries.push({ ref: p.raw, label: p.label, inline: true });
        else if (p.id) entries.push({ ref: p.id, label: p.label });
      }
    } else for (const [ref, label] of Object.entries(value)) entries.push({ ref, label });
    const prompts: PfPrompt[] = [];
    for (const e of entries) {
      if (e.inline || !e.ref.startsWith('file://')) {
        prompts.push({ label: e.label ?? '', raw: e.ref });
        continue;
      }
      const glob = /[*?]/.test(e.ref);
      for (const file of this.files.resolve(e.ref)) {
        const ext = extension(file.name);
        if (SCRIPT.has(ext)) {
          this.skip('prompt function file');
          continue;
        }
        // The path as the configuration writes it (a glob's match: the file's own path).
        const label = e.label ?? refPath(glob ? file.name : e.ref);
        if (ext === 'json' || ext === 'yaml' || ext === 'yml') {
          const parsed = ext === 'json' ? file.text : this.yaml(file.text);
          prompts.push({ label, raw: typeof parsed === 'string' ? parsed : JSON.stringify(parsed) });
        } else {
          const parts = file.text.split(/\r?\n\s*---\s*\r?\n/);
          parts.forEach((raw, i) =>
            prompts.push({ label: parts.length > 1 ? `${label}: ${i + 1}` : label, raw: raw.trim() }),
          );
        }
      }
    }
    return prompts;
  }

  providers(value: unknown): PfProvider[] {
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    const out: PfProvider[] = [];
    for (const p of list) {
      let provider: PfProvider | null = null;
      if (typeof p === 'string') provider = { id: p };
      else if (p && typeof p === 'object') {
        const o = p as Record<string, unknown>;
        if (typeof o.id === 'string') {
          provider = { id: o.id, ...(typeof o.label === 'string' ? { label: o.label } : {}) };
        } else {
          const keys = Object.keys(o);
          const inner = o[keys[0]!] as Record<string, unknown> | undefined;
          if (keys.length === 1) {
            const label = inner && typeof inner.label === 'string' ? inner.label : undefined;
            provider = { id: keys[0]!, ...(label ? { label } : {}) };
          }
        }
      }
      if (!provider) throw new Error('providers: a provider must be an id or an object with an id');
      if (
        /^(file:\/\/|exec:|python:|golang:|ruby:)/.test(provider.id) ||
        SCRIPT.has(extension(provider.id))
      ) {
        this.skip('custom provider file');
        continue;
      }
      if (out.some((q) => q.id === provider.id && q.label === provider.label)) continue;
      out.push(provider);
    }
    return out;
  }

  test(raw: unknown, where: string): RawTest {
    const parsed = v.safeParse(testSchema, raw);
    if (!parsed.success) throw new Error(`${where}: ${firstIssue(parsed.issues)}`);
    return parsed.output;
  }

  tests(value: unknown): RawTest[] {
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    const out: RawTest[] = [];
    list.forEach((t, i) => {
      if (typeof t !== 'string') {
        if (t && typeof t === 'object' && 'path' in t && !('vars' in t || 'assert' in t)) {
          this.skip('test generator');
        } else out.push(this.test(t, `tests.${i}`));
        return;
      }
      if (!t.startsWith('file://')) {
        this.skip(t.includes('://') ? `tests from ${t.slice(0, t.indexOf('://'))}` : 'tests from a script');
        return;
      }
      for (const file of this.files.resolve(t)) {
        const ext = extension(file.name);
        if (ext === 'csv') out.push(...testsFromCsv(file.text).map(rawFromCsv));
        else if (['yaml', 'yml', 'json', 'jsonl'].includes(ext)) {
          const data = this.data(file);
          const rows = Array.isArray(data) ? data : [data];
          rows.forEach((r, j) => out.push(this.test(r, `${refPath(file.name)}: test ${j + 1}`)));
        } else this.skip(SCRIPT.has(ext) ? 'test generator' : `tests from .${ext}`);
      }
    });
    return out;
  }

  /** Var values naming files become their contents (text, or the parsed JSON / YAML). */
  vars(vars: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(vars)) {
      if (typeof value === 'string' && value.startsWith('file://')) {
        const file = this.files.one(value);
        const ext = extension(file.name);
        if (SCRIPT.has(ext)) {
          this.skip('var from a script');
          out[k] = value;
        } else out[k] = ['json', 'yaml', 'yml'].includes(ext) ? this.data(file) : file.text;
      } else out[k] = value;
    }
    return out;
  }
}

type PromptfooConfigPrompts = v.InferOutput<typeof promptfooSchema>['prompts'];

function rawFromCsv(t: PfTest): RawTest {
  return { ...t, assert: t.assert.map((a) => ({ ...a })), options: { ...t.options } };
}

/** promptfoo's generateVarCombinations: a list of strings gives one test per value. */
export function varCombinations(vars: Record<string, unknown>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, value] of Object.entries(vars)) {
    const values = Array.isArray(value) && typeof value[0] === 'string' ? value : [value];
    combos = combos.flatMap((c) => values.map((x: unknown) => ({ ...c, [key]: x })));
  }
  return combos;
}

/** defaultTest merged into a test, as promptfoo's evaluator merges them. */
export function mergeDefault(test: RawTest, defaults: RawTest | undefined): RawTest {
  if (!defaults) return test;
  const threshold = test.threshold ?? defaults.threshold;
  return {
    ...test,
    vars: { ...(defaults.vars ?? {}), ...(test.vars ?? {}) },
    assert: [...(defaults.assert ?? []), ...(test.assert ?? [])],
    options: { ...(defaults.options ?? {}), ...(test.options ?? {}) },
    ...(threshold !== undefined ? { threshold } : {}),
  };
}

export async function loadPromptfoo(config: InputFile, others: readonly InputFile[]): Promise<LoadResult> {
  const yaml = (await import('yaml')).parse as Yaml;
  const where = refPath(config.name);
  const loader = new Loader(new FileSet(others), yaml);
  try {
    let data: unknown;
    try {
      data = extension(config.name) === 'json' ? JSON.parse(config.text) : yaml(config.text);
    } catch (error) {
      return {
        ok: false,
        message: `${where}: not valid ${extension(config.name).toUpperCase()} (${(error as Error).message})`,
      };
    }
    const parsed = v.safeParse(promptfooSchema, data);
    if (!parsed.success) return { ok: false, message: `${where}: ${firstIssue(parsed.issues)}` };
    const c = parsed.output;
    for (const f of SKIPPED_FIELDS) if ((c as Record<string, unknown>)[f] !== undefined) loader.skip(f);
    const prompts = loader.prompts(c.prompts);
    if (prompts.length === 0) return { ok: false, message: `${where}: prompts: no prompt Tandem can send` };
    const providers = loader.providers(c.providers ?? c.targets);
    let defaults: RawTest | undefined;
    if (typeof c.defaultTest === 'string') {
      defaults = loader.test(loader.data(loader.files.one(c.defaultTest)), 'defaultTest');
    } else if (c.defaultTest !== undefined) defaults = loader.test(c.defaultTest, 'defaultTest');
    const raws = loader.tests(c.tests);
    countSkipped(loader, defaults);
    raws.forEach((t) => countSkipped(loader, t));
    const tests: PfTest[] = [];
    for (const raw of raws.length ? raws : [{}]) {
      const t = mergeDefault(raw, defaults);
      for (const vars of varCombinations(loader.vars(t.vars ?? {}))) {
        tests.push({
          ...(t.description ? { description: t.description } : {}),
          vars,
          assert: (t.assert ?? []).map((a) => ({ ...a })),
          ...(t.threshold !== undefined ? { threshold: t.threshold } : {}),
          options: { prefix: t.options?.prefix, suffix: t.options?.suffix },
        });
      }
    }
    return {
      ok: true,
      suite: { description: c.description ?? where, prompts, providers, tests, skipped: loader.skipped },
    };
  } catch (error) {
    return { ok: false, message: `${where}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Counts a test's assertions that cannot run here, and its features Tandem does not honour. */
function countSkipped(loader: Loader, t: RawTest | undefined): void {
  if (!t) return;
  for (const a of t.assert ?? []) {
    const why = unsupportedReason(a);
    if (why) loader.skip(why);
    if ((a as Record<string, unknown>).transform !== undefined) loader.skip('assertion transform');
  }
  const r = t as Record<string, unknown>;
  if (r.providers !== undefined) loader.skip('test providers filter');
  if (r.provider !== undefined) loader.skip('test provider');
  const o = (t.options ?? {}) as Record<string, unknown>;
  if (o.transform !== undefined) loader.skip('output transform');
}
