import { crc32, deflateRawSync } from 'node:zlib';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import * as yauzl from 'yauzl';
import { writeIndexSetXlsx } from './index-set-xlsx';

/**
 * Test helpers (no production code imports this file): a minimal ZIP writer, so that a test can
 * build any container — including lying or hostile ones that no library would write — and a
 * reader, to change single parts of a workbook the exporter wrote. Used by the XLSX unit tests and
 * by the server tests that upload such files.
 */

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Uncompressed size written in the headers; defaults to the real size. */
  declaredSize?: number;
  /** Already deflated bytes (reused for many parts), with their real uncompressed size. */
  deflated?: { bytes: Buffer; size: number };
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const compressed = part.deflated?.bytes ?? deflateRawSync(part.data);
    const size = part.declaredSize ?? part.deflated?.size ?? part.data.length;
    const crc = part.deflated ? 0 : crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export async function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  const parts = new Map<string, Buffer>();
  const file = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) {
      chunks.push(chunk as Buffer);
    }
    parts.set(entry.fileName, Buffer.concat(chunks));
  }
  return parts;
}

/** The exported workbook of `doc` with some parts' XML rewritten. */
export async function workbookWithXml(
  doc: IndexSetDocument,
  edit: (name: string, xml: string) => string,
): Promise<Buffer> {
  const parts = await unzip(await writeIndexSetXlsx(doc));
  return zip(
    [...parts].map(([name, data]) => ({ name, data: Buffer.from(edit(name, data.toString('utf8'))) })),
  );
}
