import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import { MAX_DOCUMENT_BYTES, checkFile, kindOf } from './files';

function refusal(file: { name: string; size: number; type?: string }): TandemError {
  try {
    checkFile(file);
  } catch (error) {
    if (error instanceof TandemError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('which files can be attached', () => {
  it('reads the kind from the extension first, then the MIME type', () => {
    expect(kindOf('notes.MD')).toBe('markdown');
    expect(kindOf('page.htm')).toBe('html');
    expect(kindOf('download', 'application/pdf')).toBe('pdf');
    expect(kindOf('photo.png', 'image/png')).toBeNull();
  });

  it('refuses a 200 MB PDF by its size, before reading it, stating the limit', () => {
    const error = refusal({ name: 'huge.pdf', size: 200 * 1024 * 1024, type: 'application/pdf' });
    expect(error.code).toBe('file-too-large');
    expect(error.message).toBe(
      '“huge.pdf” is 200.0 MB; the largest document Tandem reads is 50.0 MB. Split it or attach the part you need.',
    );
    expect(checkFile({ name: 'ok.pdf', size: MAX_DOCUMENT_BYTES })).toBe('pdf');
  });

  it('refuses an unsupported type with the types it takes', () => {
    const error = refusal({ name: 'sheet.xlsx', size: 10 });
    expect(error.code).toBe('unsupported-file');
    expect(error.message).toContain('Attach .txt, .md, .html or .pdf files.');
  });
});
