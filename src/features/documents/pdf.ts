/**
 * PDF text with pdf.js (`pdfjs-dist`, Mozilla's maintained reader), loaded only when a PDF is
 * attached. It runs inside the documents worker: pdf.js's own worker module is imported into that
 * worker and used in-thread (pdf.js reads `globalThis.pdfjsWorker`), so no second worker and no
 * script from another origin is needed (script-src 'self', see src/platform/security/csp.ts).
 * Only text is read: no rendering, no eval (`isEvalSupported: false`), no font loading.
 */
import { TandemError } from '../../core/errors';

/** What Tandem uses of pdf.js (the browser build and Node's legacy build both fit). */
export interface PdfJs {
  getDocument(src: {
    data: Uint8Array;
    isEvalSupported?: boolean;
    disableFontFace?: boolean;
    useSystemFonts?: boolean;
    stopAtErrors?: boolean;
  }): {
    promise: Promise<{
      numPages: number;
      getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }>; cleanup(): void }>;
      destroy(): Promise<void>;
    }>;
  };
}

/** The browser's pdf.js with its worker module in this thread (a dynamic import: its own chunk). */
export async function loadPdfJs(): Promise<PdfJs> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.mjs'),
  ]);
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  return pdfjs as unknown as PdfJs;
}

export interface PdfText {
  text: string;
  pages: number;
}

export async function extractPdfText(data: Uint8Array, name: string, pdfjs: PdfJs): Promise<PdfText> {
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    }).promise;
  } catch (error) {
    const password = (error as { name?: unknown } | null)?.name === 'PasswordException';
    throw new TandemError(
      'unreadable-file',
      password
        ? `“${name}” is protected by a password. Remove the protection, then attach it again.`
        : `“${name}” could not be read as a PDF (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        const { str, hasEOL } = item as { str?: unknown; hasEOL?: unknown };
        if (typeof str !== 'string') continue;
        text += str;
        if (hasEOL === true) text += '\n';
        else if (str && !/\s$/.test(str)) text += ' ';
      }
      pages.push(text.replace(/[ \t]+\n/g, '\n').trim());
      page.cleanup();
    }
    const text = pages.filter(Boolean).join('\n\n');
    if (!text.trim()) {
      throw new TandemError(
        'no-text-found',
        `“${name}”: no text found: scanned pages need OCR, which Tandem does not do (${doc.numPages} ${doc.numPages === 1 ? 'page' : 'pages'} without a text layer). Run it through text recognition first, or attach the text.`,
      );
    }
    return { text, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
