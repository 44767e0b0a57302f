/**
 * promptfoo's `{{var}}` templates, Nunjucks-compatible for the common subset (pure, no eval):
 * `{{ name }}`, dotted and indexed paths (`a.b`, `a[0]`, `a["k"]`), string and number literals,
 * filters `upper`, `lower`, `trim`, `capitalize`, `dump`/`json`, `default`/`d`, `join`, `length`,
 * `first`, `last`, `replace`, `safe`; `{% for x in list %}` (with `loop.index`, `loop.index0`,
 * `loop.first`, `loop.last`, `loop.length`), `{% if x %}…{% elif y %}…{% else %}…{% endif %}` on
 * truthiness and `not`; comments `{# #}`; whitespace control `{%-`/`-%}`. As in Nunjucks (and
 * promptfoo, which turns autoescape off), an undefined value renders as nothing and nothing is
 * escaped. Anything else is a `TemplateError` naming the construct, never a guess.
 */

export class TemplateError extends Error {
  override name = 'TemplateError';
}

type Scope = Record<string, unknown>;
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'out'; expr: string }
  | { kind: 'for'; name: string; list: string; body: Node[]; otherwise: Node[] }
  | { kind: 'if'; branches: { test: string; body: Node[] }[]; otherwise: Node[] };

interface Token {
  kind: 'text' | 'out' | 'tag';
  text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{-?([\s\S]*?)-?\}\}|\{%(-?)([\s\S]*?)(-?)%\}|\{#[\s\S]*?#\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    const trimPrev = m[0].startsWith('{{-') || m[2] === '-';
    if (trimPrev) text = text.replace(/\s+$/, '');
    if (text) tokens.push({ kind: 'text', text });
    if (m[0].startsWith('{{')) {
      tokens.push({ kind: 'out', text: m[1]!.trim() });
      trimNext = m[0].endsWith('-}}');
    } else if (m[0].startsWith('{%')) {
      tokens.push({ kind: 'tag', text: m[3]!.trim() });
      trimNext = m[4] === '-';
    } else trimNext = false;
    last = re.lastIndex;
  }
  let rest = source.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  if (rest) tokens.push({ kind: 'text', text: rest });
  return tokens;
}

function parse(tokens: Token[]): Node[] {
  let i = 0;
  function block(ends: readonly string[]): { nodes: Node[]; end: string } {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.kind === 'text') nodes.push({ kind: 'text', text: t.text });
      else if (t.kind === 'out') nodes.push({ kind: 'out', expr: t.text });
      else {
        const word = t.text.split(/\s+/, 1)[0]!;
        if (ends.includes(word)) return { nodes, end: t.text };
        if (word === 'for') {
          const m = /^for\s+([A-Za-z_]\w*)\s+in\s+(.+)$/.exec(t.text);
          if (!m) throw new TemplateError(`unsupported loop "{% ${t.text} %}"`);
          const body = block(['endfor', 'else']);
          const otherwise = body.end === 'else' ? block(['endfor']).nodes : [];
          nodes.push({ kind: 'for', name: m[1]!, list: m[2]!.trim(), body: body.nodes, otherwise });
        } else if (word === 'if') {
          const branches: { test: string; body: Node[] }[] = [];
          let test = t.text.slice(2).trim();
          let otherwise: Node[] = [];
          for (;;) {
            const part = block(['elif', 'elseif', 'else', 'endif']);
            branches.push({ test, body: part.nodes });
            if (part.end === 'endif') break;
            if (part.end === 'else') {
              otherwise = block(['endif']).nodes;
              break;
            }
            test = part.end.replace(/^(elif|elseif)\s+/, '');
          }
          nodes.push({ kind: 'if', branches, otherwise });
        } else throw new TemplateError(`unsupported tag "{% ${t.text} %}"`);
      }
    }
    if (ends.length) throw new TemplateError(`"{% ${ends[0]} %}" is missing`);
    return { nodes, end: '' };
  }
  return block([]).nodes;
}

/** Splits on `sep` outside quotes and brackets. */
function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

function literal(s: string): { value: unknown } | null {
  if (/^(["'])(?:\\.|(?!\1).)*\1$/.test(s)) {
    return {
      value: s
        .slice(1, -1)
        .replace(/\\(["'\\])/g, '$1')
        .replace(/\\n/g, '\n'),
    };
  }
  if (/^-?\d+(\.\d+)?$/.test(s)) return { value: Number(s) };
  if (s === 'true' || s === 'false') return { value: s === 'true' };
  if (s === 'none' || s === 'null') return { value: null };
  return null;
}

function lookup(path: string, scope: Scope): unknown {
  const lit = literal(path);
  if (lit) return lit.value;
  const m = /^[A-Za-z_$][\w$]*/.exec(path);
  if (!m) throw new TemplateError(`unsupported expression "${path}"`);
  let value: unknown = scope[m[0]];
  let rest = path.slice(m[0].length);
  while (rest) {
    const step = /^\.([A-Za-z_$][\w$]*)|^\[\s*(\d+|"[^"]*"|'[^']*')\s*\]/.exec(rest);
    if (!step) throw new TemplateError(`unsupported expression "${path}"`);
    const key = step[1] ?? (/^\d+$/.test(step[2]!) ? Number(step[2]) : step[2]!.slice(1, -1));
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    rest = rest.slice(step[0].length);
  }
  return value;
}

/** Nunjucks' output of a value: nothing for undefined/null, arrays comma-joined. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

function applyFilter(value: unknown, call: string, scope: Scope): unknown {
  const m = /^([A-Za-z_]\w*)\s*(?:\(([\s\S]*)\))?$/.exec(call);
  if (!m) throw new TemplateError(`unsupported filter "${call}"`);
  const args = m[2] !== undefined && m[2].trim() ? splitTop(m[2], ',').map((a) => evaluate(a, scope)) : [];
  switch (m[1]) {
    case 'upper':
      return show(value).toUpperCase();
    case 'lower':
      return show(value).toLowerCase();
    case 'trim':
      return show(value).trim();
    case 'capitalize': {
      const s = show(value);
      return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
    }
    case 'dump':
    case 'json':
      return JSON.stringify(value, null, typeof args[0] === 'number' ? args[0] : undefined);
    case 'default':
    case 'd':
      return (args[1] === true ? !value : value === undefined) ? args[0] : value;
    case 'join':
      return Array.isArray(value) ? value.map(show).join(args[0] === undefined ? '' : show(args[0])) : value;
    case 'length':
      if (Array.isArray(value) || typeof value === 'string') return value.length;
      return value && typeof value === 'object' ? Object.keys(value).length : 0;
    case 'first':
      return Array.isArray(value) || typeof value === 'string' ? value[0] : undefined;
    case 'last':
      return Array.isArray(value) || typeof value === 'string' ? value[value.length - 1] : undefined;
    case 'replace':
      return show(value).split(show(args[0])).join(show(args[1]));
    case 'safe':
      return value;
    default:
      throw new TemplateError(`unsupported filter "${m[1]}"`);
  }
}

function evaluate(expr: string, scope: Scope): unknown {
  const [head, ...filters] = splitTop(expr, '|');
  if (!head) throw new TemplateError('an empty {{ }}');
  let value = lookup(head, scope);
  for (const f of filters) value = applyFilter(value, f, scope);
  return value;
}

function truthy(test: string, scope: Scope): boolean {
  const t = test.trim();
  if (t.startsWith('not ')) return !truthy(t.slice(4), scope);
  const value = evaluate(t, scope);
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function run(nodes: readonly Node[], scope: Scope): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'out') out += show(evaluate(node.expr, scope));
    else if (node.kind === 'if') {
      const hit = node.branches.find((b) => truthy(b.test, scope));
      out += run(hit ? hit.body : node.otherwise, scope);
    } else {
      const list = evaluate(node.list, scope);
      const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.keys(list) : [];
      if (items.length === 0) out += run(node.otherwise, scope);
      items.forEach((item, index) => {
        const loop = {
          index: index + 1,
          index0: index,
          first: index === 0,
          last: index === items.length - 1,
          length: items.length,
        };
        out += run(node.body, { ...scope, [node.name]: item, loop });
      });
    }
  }
  return out;
}

/** Renders a template with the given variables (throws `TemplateError` on unsupported syntax). */
export function renderTemplate(source: string, vars: Scope): string {
  if (!source.includes('{')) return source;
  return run(parse(tokenize(source)), vars);
}

/** Checks a template's syntax without variables: null when fine, else the problem. */
export function templateProblem(source: string): string | null {
  try {
    parse(tokenize(source));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
