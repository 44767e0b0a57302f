/** pdf.js ships no types for its worker module; Tandem only hands the module back to pdf.js. */
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
