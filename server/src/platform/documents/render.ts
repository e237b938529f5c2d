import { Worker } from 'node:worker_threads';
import type { AdminDoc } from './model';

/**
 * One model, two renderings: DOCX to edit, PDF to sign and publish.
 *
 * Rendering runs in one worker thread, started on first use and kept: pdfmake lays a document out
 * synchronously (seconds for a 10,000-row table), and on the main thread that would stop every
 * other request meanwhile. The model is plain data, so it crosses to the worker as is. If the
 * worker cannot start (a runtime without tsx, for instance), documents are rendered in-process —
 * slower for other users, never missing.
 */

type Format = 'docx' | 'pdf';
type Pending = { resolve: (data: Buffer) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
/** Set when a worker failed before ever answering: it cannot load here; render in-process. */
let workerBroken = false;
let workerReady = false;
/** A render that takes longer is stopped (the worker is restarted): a hung layout must not hold the queue. */
const RENDER_TIMEOUT_MS = 10 * 60 * 1000;
let seq = 0;
const pending = new Map<number, Pending>();

function failAll(error: Error) {
  for (const p of pending.values()) {
    p.reject(error);
  }
  pending.clear();
}

function renderer(): Worker | null {
  if (workerBroken) {
    return null;
  }
  if (worker) {
    return worker;
  }
  const w = new Worker(new URL('./render-worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./render-worker.ts', import.meta.url).href },
  });
  w.on('message', (m: { ready?: true; id: number; data?: Uint8Array; error?: string }) => {
    if (m.ready) {
      workerReady = true;
      return;
    }
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) {
      w.unref();
    }
    if (!p) {
      return;
    }
    if (m.error !== undefined) {
      p.reject(new Error(m.error));
    } else {
      p.resolve(Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength));
    }
  });
  w.on('error', (error) => {
    // A worker that cannot even load its code stays off; its pending renders are redone in-process.
    workerBroken = !workerReady;
    worker = null;
    failAll(error);
  });
  w.on('messageerror', (error) => failAll(error));
  w.on('exit', () => {
    if (worker === w) {
      worker = null;
    }
    failAll(new Error('Luồng dựng văn bản đã dừng.'));
  });
  worker = w;
  return w;
}

async function renderInProcess(doc: AdminDoc, format: Format): Promise<Buffer> {
  if (format === 'pdf') {
    const { renderPdf } = await import('./pdf-render');
    return renderPdf(doc);
  }
  const { renderDocx } = await import('./docx-render');
  return renderDocx(doc);
}

export async function renderDocument(doc: AdminDoc, format: Format): Promise<Buffer> {
  const w = renderer();
  if (!w) {
    return renderInProcess(doc, format);
  }
  const id = ++seq;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('Dựng văn bản quá thời gian cho phép.'));
        // The next render starts a fresh worker.
        void w.terminate();
      }, RENDER_TIMEOUT_MS);
      timer.unref();
      pending.set(id, {
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      // Keeps the process alive while a document is being rendered (unref'd when idle).
      w.ref();
      w.postMessage({ id, doc, format });
    });
  } catch (error) {
    if (workerBroken) {
      return renderInProcess(doc, format);
    }
    throw error;
  }
}
