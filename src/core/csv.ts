/**
 * One CSV rule for every export (metrics, evaluation results): RFC 4180 quoting, and a text cell
 * that a spreadsheet would read as a formula (leading `=`, `+`, `-`, `@`, TAB or CR) gets a
 * leading `'` so it stays text.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
