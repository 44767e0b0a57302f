/**
 * The files chosen together with a promptfoo configuration, looked up by the `file://` paths it
 * names: the path as written (or its tail), else the file name alone; `*` and `?` match within a
 * name, `**` across folders. Paths relative to the configuration, as promptfoo reads them.
 */
export interface InputFile {
  /** The file's name, or its path inside a chosen folder (`webkitRelativePath`). */
  name: string;
  text: string;
}

export class MissingFileError extends Error {
  override name = 'MissingFileError';
}

const clean = (p: string): string =>
  p
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}$`);
}

export class FileSet {
  private readonly files: InputFile[];

  constructor(files: readonly InputFile[]) {
    this.files = files.map((f) => ({ ...f, name: clean(f.name) }));
  }

  get names(): string[] {
    return this.files.map((f) => f.name);
  }

  /** The files a `file://` reference names (several for a glob); throws when none is chosen. */
  resolve(ref: string): InputFile[] {
    const path = clean(ref);
    if (/[*?]/.test(path)) {
      const full = globRegex(path);
      const byName = globRegex(base(path));
      const hits = this.files.filter((f) => full.test(f.name));
      const found = hits.length ? hits : this.files.filter((f) => byName.test(base(f.name)));
      if (found.length) return found.sort((a, b) => a.name.localeCompare(b.name));
    } else {
      const exact = this.files.filter((f) => f.name === path || f.name.endsWith(`/${path}`));
      if (exact.length) return [exact[0]!];
      const named = this.files.filter((f) => base(f.name) === base(path));
      if (named.length === 1) return named;
      if (named.length > 1) {
        throw new MissingFileError(`${ref}: ${named.length} chosen files are called ${base(path)}`);
      }
    }
    throw new MissingFileError(
      `${ref} is not among the chosen files (choose it together with the configuration)`,
    );
  }

  one(ref: string): InputFile {
    return this.resolve(ref)[0]!;
  }
}

export function extension(name: string): string {
  const b = base(clean(name));
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(dot + 1).toLowerCase() : '';
}

/** A reference as written, without `file://` (what a label shows). */
export function refPath(ref: string): string {
  return clean(ref);
}

/** A configuration file promptfoo would read (promptfooconfig.yaml/.yml/.json or another YAML). */
export function isPromptfooConfigName(name: string): boolean {
  return /(^|\/)promptfooconfig\.(ya?ml|json)$/i.test(clean(name));
}
