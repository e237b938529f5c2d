import { renderDocx } from './docx-render';
import type { AdminDoc } from './model';
import { renderPdf } from './pdf-render';

/** One model, two renderings: DOCX to edit, PDF to sign and publish. */
export function renderDocument(doc: AdminDoc, format: 'docx' | 'pdf'): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(doc) : renderDocx(doc);
}
