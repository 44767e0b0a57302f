import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../tests/fixtures/documents/make-pdf';
import { extractPdfText, type PdfJs } from './pdf';

// Node reads PDFs with pdf.js's legacy build; the app uses the browser build in its worker.
const pdfjs = (): Promise<PdfJs> => import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>;

describe('PDF text with pdf.js', () => {
  it('reads the text of every page, in order', async () => {
    const data = makePdf([
      ['The boiling point of water', 'is 100 degrees (at sea level).'],
      ['Second page.'],
    ]);
    const { text, pages } = await extractPdfText(data, 'water.pdf', await pdfjs());
    expect(pages).toBe(2);
    expect(text.replace(/\s+/g, ' ')).toBe(
      'The boiling point of water is 100 degrees (at sea level). Second page.',
    );
    expect(text.indexOf('Second')).toBeGreaterThan(text.indexOf('water'));
  });

  it('a PDF of images only (a scan) is refused with no-text-found', async () => {
    await expect(extractPdfText(makePdf([null, null]), 'scan.pdf', await pdfjs())).rejects.toMatchObject({
      code: 'no-text-found',
      message: expect.stringContaining(
        'no text found: scanned pages need OCR, which Tandem does not do (2 pages',
      ),
    });
  });

  it('a file that is not a PDF is refused with unreadable-file', async () => {
    const bytes = new TextEncoder().encode('not a pdf at all');
    await expect(extractPdfText(bytes, 'fake.pdf', await pdfjs())).rejects.toMatchObject({
      code: 'unreadable-file',
    });
  });
});
