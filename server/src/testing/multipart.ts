import { Readable } from 'node:stream';

/** A multipart/form-data body with one file field, as a stream (big bodies are never held in memory). */
export function multipartFile(
  filename: string,
  content: Buffer | { repeat: string; bytes: number },
  field = 'file',
): { payload: Readable; headers: Record<string, string> } {
  const boundary = `----cchc${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  function* chunks(): Generator<Buffer> {
    yield head;
    if (Buffer.isBuffer(content)) {
      yield content;
    } else {
      const block = Buffer.alloc(1024 * 1024, content.repeat);
      for (let sent = 0; sent < content.bytes; sent += block.length) {
        yield block.subarray(0, Math.min(block.length, content.bytes - sent));
      }
    }
    yield tail;
  }
  return {
    payload: Readable.from(chunks()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
