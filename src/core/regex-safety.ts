/**
 * A static test for regular expressions that can backtrack catastrophically (a safe-regex test):
 * an unbounded quantifier (`*`, `+`, `{n,}`) on a group that itself holds one, e.g. `(a+)+$` or
 * `(\w*\s?)*x`. Such a pattern takes time exponential in the text's length on a near-miss, which
 * freezes the page that runs it; it is refused with the reason instead. Escapes and character
 * classes are read as such, so `\(a+\)+` and `[+*]+` pass.
 */

/** Why `pattern` is unsafe to run on untrusted text, or null when it is not (star height < 2). */
export function catastrophicReason(pattern: string): string | null {
  // One entry per open group: does it hold an unbounded quantifier?
  const groups: boolean[] = [false];
  let i = 0;
  const unboundedAt = (at: number): number => {
    const c = pattern[at];
    if (c === '*' || c === '+') return 1;
    if (c === '{') {
      const m = /^\{\d*,\}/.exec(pattern.slice(at));
      if (m) return m[0].length;
    }
    return 0;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      // Skip the class: `]` right after `[` or `[^` is a literal, `\]` is escaped.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      if (unboundedAt(i)) groups[groups.length - 1] = true;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const inner = groups.length > 1 ? groups.pop()! : false;
      i++;
      const quantifier = unboundedAt(i);
      if (quantifier && inner) {
        return `a repeated group that itself repeats (near "${pattern.slice(Math.max(0, i - 12), i + quantifier)}") can take exponential time: remove the outer or the inner repeat`;
      }
      if (quantifier || inner) groups[groups.length - 1] = true;
      continue;
    }
    const quantifier = unboundedAt(i);
    if (quantifier) {
      groups[groups.length - 1] = true;
      i += quantifier;
      continue;
    }
    i++;
  }
  return null;
}
