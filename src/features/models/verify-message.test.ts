import { describe, expect, it } from 'vitest';
import { verifyMessage } from './verify-message';

const r = { checked: 4, unchecked: 0, hashed: 2, removed: [] as string[], damaged: [] as string[], freed: 0 };

describe('verifyMessage', () => {
  it('says all is whole, and how it was checked', () => {
    expect(verifyMessage('Tiny', r)).toEqual({
      text: 'Tiny: all 4 stored files are whole (sizes and sha256 checked for 2).',
      damaged: false,
    });
  });
  it('names damaged files apart from incomplete ones and asks for a re-download', () => {
    const m = verifyMessage('Tiny', { ...r, removed: ['a.onnx', 'b.json'], damaged: ['a.onnx'] });
    expect(m.damaged).toBe(true);
    expect(m.text).toBe(
      "Tiny: 1 file(s) were damaged: their bytes do not match the host's sha256 (a.onnx); 1 file(s) were incomplete (b.json); they were removed: re-download them.",
    );
  });
  it('incomplete files only: no re-download needed beyond a load', () => {
    const m = verifyMessage('Tiny', { ...r, hashed: 0, removed: ['b.json'] });
    expect(m).toEqual({
      text: 'Tiny: 1 file(s) were incomplete (b.json); they were removed; loading again downloads only those.',
      damaged: false,
    });
  });
});
