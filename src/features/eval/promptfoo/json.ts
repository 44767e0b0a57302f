/** JSON inside a model's answer, as promptfoo's JSON assertions read it (pure). */

/** Every JSON object or array inside a text (promptfoo's extractJsonObjects). */
export function extractJson(text: string): unknown[] {
  const found: unknown[] = [];
  for (let start = 0; start < text.length; start++) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          try {
            found.push(JSON.parse(text.slice(start, i + 1)));
            start = i;
          } catch {
            /* not JSON from this opening: try the next one */
          }
          break;
        }
      }
    }
  }
  return found;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
