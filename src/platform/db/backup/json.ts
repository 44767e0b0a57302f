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
