import { parentPort } from 'node:worker_threads';
import { renderDocx } from './docx-render';
import type { AdminDoc } from './model';
import { renderPdf } from './pdf-render';

/**
 * The worker thread that lays documents out (render.ts): pdfmake computes a whole document
 * synchronously — seconds for a 10,000-row annex — which must not stop the server from answering.
 */
const port = parentPort;
if (!port) {
  throw new Error('render-worker.ts runs as a worker thread');
}
// Loaded: from here on a failure is the document's, not the worker's (render.ts falls back to
// in-process rendering only for a worker that cannot load).
port.postMessage({ ready: true });
port.on('message', async (m: { id: number; doc: AdminDoc; format: 'docx' | 'pdf' }) => {
  try {
    const data = m.format === 'pdf' ? await renderPdf(m.doc) : await renderDocx(m.doc);
    port.postMessage({ id: m.id, data });
  } catch (error) {
    port.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
