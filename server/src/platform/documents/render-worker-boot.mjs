// Entry of the document-rendering worker thread. A worker does not inherit tsx's loader from the
// main thread: register it here, then load the TypeScript entry named by the parent.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
