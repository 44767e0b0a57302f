/** JSON for records that hold binary data: typed arrays become number arrays, Blobs a note. */
export function recordReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) return Array.from(value);
  if (typeof Blob !== 'undefined' && value instanceof Blob)
    return { blob: true, size: value.size, type: value.type };
  if (value instanceof ArrayBuffer) return { arrayBuffer: true, byteLength: value.byteLength };
  return value;
}

export function toJson(data: unknown, indent = 0): string {
  return JSON.stringify(data, recordReplacer, indent);
}

/** Starts a download of `text` as a file, from the page (no request leaves the device). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `2026-11-28`, the local date used in backup file names. */
export function fileDate(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
