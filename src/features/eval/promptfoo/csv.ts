/**
 * promptfoo's CSV tests (pure): RFC 4180 rows with a header; each column is a var except the
 * special ones: `__expected`, `__expected1`, … (an assertion string each, see
 * `assertionFromString`), `__description`, `__prefix`, `__suffix`, `__metric` (given to every
 * assertion of the row), `__threshold`. Follows promptfoo's `src/csv.ts`.
 */
import type { PfAssertion, PfTest } from '../../../core/promptfoo';

export class CsvError extends Error {
  override name = 'CsvError';
}

/** Rows of an RFC 4180 text (quoted fields, doubled quotes, CRLF or LF); a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && s[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new CsvError('a quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The base assertion types promptfoo's CSV shorthand knows (the `not-` prefix is separate). */
const BASE_TYPES = [
  'answer-relevance', 'bleu', 'classifier', 'contains-all', 'contains-any', 'contains-json', 'contains-sql',
  'contains-xml', 'contains', 'context-faithfulness', 'context-recall', 'context-relevance', 'cost',
  'equals', 'factuality', 'finish-reason', 'g-eval', 'icontains-all', 'icontains-any', 'icontains',
  'is-json', 'is-sql', 'is-valid-openai-function-call', 'is-valid-openai-tools-call', 'is-xml',
  'javascript', 'latency', 'levenshtein', 'llm-rubric', 'meteor', 'model-graded-closedqa',
  'model-graded-factuality', 'moderation', 'perplexity-score', 'perplexity', 'pi', 'python', 'regex',
  'rouge-n', 'similar', 'starts-with', 'webhook', 'word-count',
]; // prettier-ignore

const SHORTHAND = new RegExp(
  `^(not-)?(${[...BASE_TYPES].sort((a, b) => b.length - a.length).join('|')})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`,
);
const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
const THRESHOLD_TYPES = new Set([
  'answer-relevance', 'classifier', 'context-faithfulness', 'context-recall', 'context-relevance', 'cost',
  'latency', 'levenshtein', 'perplexity-score', 'perplexity', 'rouge-n', 'similar', 'starts-with',
]); // prettier-ignore
/** promptfoo's DEFAULT_SEMANTIC_SIMILARITY_THRESHOLD for CSV `similar` (the YAML default is 0.75). */
export const CSV_SIMILAR_THRESHOLD = 0.8;

/** An `__expected` cell as an assertion: `type:value`, `not-type`, `type(0.9):value`, else equals. */
export function assertionFromString(expected: string): PfAssertion {
  for (const prefix of ['javascript:', 'fn:', 'eval:']) {
    if (expected.startsWith(prefix))
      return { type: 'javascript', value: expected.slice(prefix.length).trim() };
  }
  if (expected.startsWith('grade:')) return { type: 'llm-rubric', value: expected.slice(6) };
  if (expected.startsWith('llm-rubric:')) return { type: 'llm-rubric', value: expected.slice(11) };
  if (expected.startsWith('python:')) return { type: 'python', value: expected.slice(7).trim() };
  if (expected.startsWith('file://')) {
    if (/\.py(:|$)/.test(expected)) return { type: 'python', value: expected.slice(7).trim() };
    if (/\.(js|ts)(:|$)/.test(expected)) return { type: 'javascript', value: expected.slice(7).trim() };
  }
  const m = SHORTHAND.exec(expected);
  if (!m) return { type: 'equals', value: expected };
  const base = m[2]!;
  const type = m[1] ? `not-${base}` : base;
  const value = m[4];
  if (LIST_TYPES.has(base)) return { type, value: (value ?? '').split(',').map((s) => s.trim()) };
  if (THRESHOLD_TYPES.has(base)) {
    const t = Number.parseFloat(m[3] ?? '');
    return { type, value, threshold: t || (base === 'similar' ? CSV_SIMILAR_THRESHOLD : 0.75) };
  }
  return value === undefined ? { type } : { type, value };
}

/** One CSV row (header → cell) as a test case. */
export function testCaseFromCsvRow(row: Record<string, string>): PfTest {
  const vars: Record<string, string> = {};
  const assert: PfAssertion[] = [];
  const test: PfTest = { vars, assert, options: {} };
  let metric: string | undefined;
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('__expected')) {
      if (value.trim() !== '') assert.push(assertionFromString(value));
    } else if (key === '__prefix') test.options.prefix = value;
    else if (key === '__suffix') test.options.suffix = value;
    else if (key === '__description') {
      if (value) test.description = value;
    } else if (key === '__metric') metric = value;
    else if (key === '__threshold') {
      const t = Number.parseFloat(value);
      if (t) test.threshold = t;
    } else if (key === '__providerOutput') continue;
    else vars[key] = value;
  }
  if (metric) for (const a of assert) a.metric = metric;
  return test;
}

/** A CSV file's tests; a row with more cells than the header is an error naming the row. */
export function testsFromCsv(text: string): PfTest[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells, r) => {
    if (cells.length > header.length) {
      throw new CsvError(`row ${r + 2} has ${cells.length} cells, the header ${header.length}`);
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = cells[i] ?? ''));
    return testCaseFromCsvRow(row);
  });
}
