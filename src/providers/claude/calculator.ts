/**
 * The calculator tool's arithmetic: a tiny recursive-descent parser (no eval, no Function, no
 * property access: only numbers, + - * / % ^ **, parentheses, a whitelist of functions and
 * constants), bounded in length and depth. Pure.
 */

export class CalculatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalculatorError';
  }
}

type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'id'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number };

const MAX_EXPRESSION_LENGTH = 500;
const MAX_DEPTH = 64;

const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
});

const FUNCTIONS: Readonly<Record<string, { arity: [number, number]; fn: (...a: number[]) => number }>> =
  Object.freeze({
    sqrt: { arity: [1, 1], fn: Math.sqrt },
    cbrt: { arity: [1, 1], fn: Math.cbrt },
    abs: { arity: [1, 1], fn: Math.abs },
    round: { arity: [1, 1], fn: Math.round },
    floor: { arity: [1, 1], fn: Math.floor },
    ceil: { arity: [1, 1], fn: Math.ceil },
    exp: { arity: [1, 1], fn: Math.exp },
    ln: { arity: [1, 1], fn: Math.log },
    log: {
      arity: [1, 2],
      fn: (x: number, base?: number) => (base === undefined ? Math.log10(x) : Math.log(x) / Math.log(base)),
    },
    log10: { arity: [1, 1], fn: Math.log10 },
    log2: { arity: [1, 1], fn: Math.log2 },
    sin: { arity: [1, 1], fn: Math.sin },
    cos: { arity: [1, 1], fn: Math.cos },
    tan: { arity: [1, 1], fn: Math.tan },
    asin: { arity: [1, 1], fn: Math.asin },
    acos: { arity: [1, 1], fn: Math.acos },
    atan: { arity: [1, 1], fn: Math.atan },
    min: { arity: [1, 32], fn: Math.min },
    max: { arity: [1, 32], fn: Math.max },
    pow: { arity: [2, 2], fn: Math.pow },
  });

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new CalculatorError(`Bad number at ${i + 1}: ${num[0]}`);
      tokens.push({ kind: 'num', value, pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z][A-Za-z0-9]*/.exec(src.slice(i));
    if (id) {
      tokens.push({ kind: 'id', value: id[0].toLowerCase(), pos: i });
      i += id[0].length;
      continue;
    }
    if (src.startsWith('**', i)) {
      tokens.push({ kind: 'op', value: '^', pos: i });
      i += 2;
      continue;
    }
    const map: Record<string, string> = { '×': '*', '÷': '/', '−': '-' };
    const op = map[ch] ?? ch;
    if ('+-*/%^(),'.includes(op)) {
      tokens.push({ kind: 'op', value: op, pos: i });
      i++;
      continue;
    }
    throw new CalculatorError(`Unexpected character '${ch}' at ${i + 1}`);
  }
  return tokens;
}

/**
 * Evaluates an arithmetic expression. Grammar:
 *   expr   := term (('+'|'-') term)*
 *   term   := unary (('*'|'/'|'%') unary)*
 *   unary  := ('+'|'-') unary | power
 *   power  := primary ('^' unary)?          (right-associative; -2^2 = -4)
 *   primary:= number | constant | func '(' expr (',' expr)* ')' | '(' expr ')'
 * A trailing '%' after a number in "20% of 50" style is not supported; write 0.2*50.
 */
export function evaluateExpression(expression: string): number {
  if (typeof expression !== 'string') throw new CalculatorError('The expression must be text.');
  const src = expression.trim();
  if (!src) throw new CalculatorError('The expression is empty.');
  if (src.length > MAX_EXPRESSION_LENGTH) {
    throw new CalculatorError(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`);
  }
  const tokens = tokenize(src);
  let pos = 0;
  let depth = 0;

  const peek = (): Token | undefined => tokens[pos];
  const isOp = (value: string): boolean => {
    const t = tokens[pos];
    return t !== undefined && t.kind === 'op' && t.value === value;
  };
  const expect = (value: string): void => {
    if (!isOp(value)) {
      const t = peek();
      throw new CalculatorError(t ? `Expected '${value}' at ${t.pos + 1}` : `Expected '${value}' at the end`);
    }
    pos++;
  };
  const enter = (): void => {
    if (++depth > MAX_DEPTH) throw new CalculatorError('The expression is nested too deeply.');
  };

  const expr = (): number => {
    enter();
    let value = term();
    while (isOp('+') || isOp('-')) {
      const op = tokens[pos++]!.value;
      const right = term();
      value = op === '+' ? value + right : value - right;
    }
    depth--;
    return value;
  };
  const term = (): number => {
    let value = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = tokens[pos++]!.value;
      const right = unary();
      if ((op === '/' || op === '%') && right === 0) throw new CalculatorError('Division by zero.');
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  };
  const unary = (): number => {
    if (isOp('-')) {
      pos++;
      enter();
      const v = -unary();
      depth--;
      return v;
    }
    if (isOp('+')) {
      pos++;
      enter();
      const v = unary();
      depth--;
      return v;
    }
    return power();
  };
  const power = (): number => {
    const base = primary();
    if (isOp('^')) {
      pos++;
      enter();
      const exponent = unary();
      depth--;
      return Math.pow(base, exponent);
    }
    return base;
  };
  const primary = (): number => {
    const t = peek();
    if (!t) throw new CalculatorError('The expression ends too early.');
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (t.kind === 'op' && t.value === '(') {
      pos++;
      const v = expr();
      expect(')');
      return v;
    }
    if (t.kind === 'id') {
      pos++;
      const fn = own(FUNCTIONS, t.value);
      if (fn) {
        expect('(');
        const args = [expr()];
        while (isOp(',')) {
          pos++;
          args.push(expr());
        }
        expect(')');
        const [lo, hi] = fn.arity;
        if (args.length < lo || args.length > hi) {
          throw new CalculatorError(`${t.value}() takes ${lo === hi ? lo : `${lo} to ${hi}`} argument(s).`);
        }
        return fn.fn(...args);
      }
      const constant = own(CONSTANTS, t.value);
      if (constant !== undefined) return constant;
      throw new CalculatorError(`Unknown name '${t.value}' at ${t.pos + 1}`);
    }
    throw new CalculatorError(`Unexpected '${t.value}' at ${t.pos + 1}`);
  };

  const value = expr();
  const rest = peek();
  if (rest) throw new CalculatorError(`Unexpected '${String(rest.value)}' at ${rest.pos + 1}`);
  if (!Number.isFinite(value)) throw new CalculatorError('The result is not a finite number.');
  return value;
}

/** Formats a result without float noise: 0.1+0.2 → "0.3". */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  const rounded = Number(value.toPrecision(12));
  return String(rounded);
}
