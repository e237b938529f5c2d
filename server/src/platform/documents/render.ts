import type { AdminDoc } from './model';

/**
 * One model, two renderings: DOCX to edit, PDF to sign and publish. The renderers (docx, pdfmake
 * with its fonts) are loaded on first use: every CLI command and the server's start would
 * otherwise pay for them.
 */
export async function renderDocument(doc: AdminDoc, format: 'docx' | 'pdf'): Promise<Buffer> {
  if (format === 'pdf') {
    const { renderPdf } = await import('./pdf-render');
    return renderPdf(doc);
  }
  const { renderDocx } = await import('./docx-render');
  return renderDocx(doc);
}
