// pdfmake 0.3 ships no types (and @types/pdfmake describes 0.2): the part the server uses.
declare module 'pdfmake' {
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
    setLocalAccessPolicy(callback: (path: string) => boolean): void;
    setUrlAccessPolicy(callback: (url: string) => boolean): void;
    createPdf(definition: unknown): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
