/**
 * Human-readable sizes: 1536 → "1.5 KB". Never four digits: 1019 MB reads "1.0 GB", so sizes side
 * by side (≈1.0 GB, 2.2 GB) use one style.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let power = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  if (bytes / 1024 ** power >= 1000 && power < units.length - 1) power += 1;
  const value = bytes / 1024 ** power;
  return `${value >= 100 || power === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[power]}`;
}

/** "$0.0123", "<$0.0001", "$1.23". */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.0001) return '<$0.0001';
  if (value < 1) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** Counts with thousands separators in one fixed style: 1655 → "1,655" (as the token meter). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "1 example", "3 examples" (the count as `formatCount`); `plural` for irregular words. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/**
 * A short plain-text excerpt of Markdown, for lists: code fences, headings, emphasis, inline code
 * marks and link targets are left out, lines are joined; cut at `max` characters with "…".
 */
export function plainExcerpt(markdown: string, max: number): string {
  const text = markdown
    .split('\n')
    .filter((line) => !/^\s{0,3}(`{3,}|~{3,})/.test(line))
    .map((line) =>
      line
        .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__|\*|_|`)(?=\S)([^]*?\S)\1/g, '$2')
        .replace(/`/g, ''),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
