import fsp from 'node:fs/promises';
import type { Entry, ZipFile } from 'yauzl';
import * as yauzl from 'yauzl';

/**
 * File type detection by content, never by name. The allowlist is the one of FILE_TYPE_NOT_ALLOWED
 * (domain/src/errors.ts): PDF, PNG, JPEG, DOC, XLS, DOCX, XLSX, or a ZIP of those.
 * Anything else — an executable renamed .pdf (MZ, ELF), HTML, SVG, a plain ZIP inside a ZIP — is refused.
 */

export const MIME = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;
export type FileKind = keyof typeof MIME;

/** Types a browser can show safely by itself: the only ones ever served inline. */
export const INLINE_MIME_TYPES: ReadonlySet<string> = new Set([MIME.pdf, MIME.png, MIME.jpeg]);

/** At most this many entries in any ZIP container (DOCX/XLSX included). */
export const ZIP_MAX_ENTRIES = 1000;
/** Declared uncompressed total of a ZIP may be at most this many times the upload limit. */
export const ZIP_MAX_EXPANSION = 10;

export type SniffResult = { ok: true; kind: FileKind; mimeType: string } | { ok: false; reason: string };

const MAGIC = {
  pdf: Buffer.from('%PDF-', 'latin1'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  ole: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
} as const;

/** Bytes needed to recognise any of the magic numbers above. */
export const SNIFF_HEAD_BYTES = 8;

type HeadKind = 'pdf' | 'png' | 'jpeg' | 'ole' | 'zip';

/** Which container the first bytes announce, or null. Pure; exported for tests. */
export function magicOf(head: Buffer): HeadKind | null {
  for (const kind of ['pdf', 'png', 'jpeg', 'ole', 'zip'] as const) {
    const magic = MAGIC[kind];
    if (head.length >= magic.length && head.subarray(0, magic.length).equals(magic)) {
      return kind;
    }
  }
  return null;
}

const refuse = (reason: string): SniffResult => ({ ok: false, reason });
const accept = (kind: FileKind): SniffResult => ({ ok: true, kind, mimeType: MIME[kind] });

/**
 * Detects the type of the finished upload at `file` (`sizeBytes` long). Reads the head, and for
 * containers their directories only: an OLE file's directory sectors, a ZIP's central directory
 * and the first bytes of each entry of a plain ZIP. Never inflates a whole entry.
 */
export async function sniffFile(
  file: string,
  opts: { sizeBytes: number; maxBytes: number },
): Promise<SniffResult> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const kind = magicOf(head.subarray(0, bytesRead));
    switch (kind) {
      case 'pdf':
      case 'png':
      case 'jpeg':
        return accept(kind);
      case 'ole': {
        const ole = await oleKind(handle, opts.sizeBytes);
        return ole ? accept(ole) : refuse('OLE compound file that is neither a Word nor an Excel document');
      }
      case 'zip':
        break;
      case null:
        return refuse('unknown content');
    }
  } finally {
    await handle.close();
  }
  return zipKind(file, opts.maxBytes * ZIP_MAX_EXPANSION);
}

// ---------------------------------------------------------------------------------------------
// OLE compound files (MS-CFB): legacy .doc and .xls, but also .msi, .ppt, password-protected
// OOXML. The magic alone cannot tell them apart, so we read the directory and look for the
// stream that defines the format: "WordDocument" (MS-DOC) or "Workbook"/"Book" (MS-XLS).

const ENDOFCHAIN = 0xfffffffe;
const MAX_SECTOR = 0xfffffffa;
/** Directory chains longer than this are not real documents (and could be cycles). */
const MAX_DIR_SECTORS = 4096;

async function readAt(handle: fsp.FileHandle, position: number, length: number): Promise<Buffer | null> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return bytesRead === length ? buf : null;
}

async function oleKind(handle: fsp.FileHandle, size: number): Promise<'doc' | 'xls' | null> {
  const header = await readAt(handle, 0, 512);
  if (!header) {
    return null;
  }
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) {
    return null;
  }
  const sectorSize = 1 << sectorShift;
  const perSector = sectorSize / 4;
  const offsetOf = (sector: number) => (sector + 1) * sectorSize;
  const validSector = (sector: number) => sector < MAX_SECTOR && offsetOf(sector) + sectorSize <= size;

  const difatCache = new Map<number, number>();
  // Location of the idx-th FAT sector: the first 109 are in the header, the rest in the DIFAT chain.
  async function fatSectorAt(idx: number): Promise<number | null> {
    if (idx < 109) {
      return header!.readUInt32LE(0x4c + 4 * idx);
    }
    const cached = difatCache.get(idx);
    if (cached !== undefined) {
      return cached;
    }
    let sector = header!.readUInt32LE(0x44);
    let rest = idx - 109;
    for (let hops = 0; hops < MAX_DIR_SECTORS; hops++) {
      if (!validSector(sector)) {
        return null;
      }
      const buf = await readAt(handle, offsetOf(sector), sectorSize);
      if (!buf) {
        return null;
      }
      if (rest < perSector - 1) {
        const found = buf.readUInt32LE(4 * rest);
        difatCache.set(idx, found);
        return found;
      }
      rest -= perSector - 1;
      sector = buf.readUInt32LE(sectorSize - 4);
    }
    return null;
  }
  async function nextSector(sector: number): Promise<number | null> {
    const fatSector = await fatSectorAt(Math.floor(sector / perSector));
    if (fatSector === null || !validSector(fatSector)) {
      return null;
    }
    const buf = await readAt(handle, offsetOf(fatSector) + 4 * (sector % perSector), 4);
    return buf ? buf.readUInt32LE(0) : null;
  }

  const names = new Set<string>();
  let sector: number | null = header.readUInt32LE(0x30);
  const seen = new Set<number>();
  while (sector !== null && sector !== ENDOFCHAIN) {
    if (!validSector(sector) || seen.has(sector) || seen.size >= MAX_DIR_SECTORS) {
      return null;
    }
    seen.add(sector);
    const buf = await readAt(handle, offsetOf(sector), sectorSize);
    if (!buf) {
      return null;
    }
    for (let at = 0; at + 128 <= buf.length; at += 128) {
      const nameBytes = buf.readUInt16LE(at + 64);
      const type = buf[at + 66];
      if (type === 2 && nameBytes >= 2 && nameBytes <= 64) {
        names.add(buf.toString('utf16le', at, at + nameBytes - 2));
      }
    }
    sector = await nextSector(sector);
  }
  if (sector === null) {
    return null;
  }
  if (names.has('EncryptedPackage')) {
    return null;
  }
  if (names.has('WordDocument')) {
    return 'doc';
  }
  if (names.has('Workbook') || names.has('Book')) {
    return 'xls';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// ZIP: DOCX and XLSX are ZIPs with a known main part; any other ZIP is accepted only when every
// entry is itself an allowed type. Units zip their Word and Excel files, so a DOCX or XLSX inside
// is allowed (checked as a container one level down); a plain ZIP inside a ZIP is refused.

/** Copies one entry out to a temporary file (its size is already bounded by the bomb guard). */
async function extractEntry(zip: ZipFile, entry: Entry, target: string): Promise<void> {
  const stream = await zip.openReadStreamPromise(entry);
  const { pipeline } = await import('node:stream/promises');
  const { createWriteStream } = await import('node:fs');
  await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
}

async function entryHead(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= SNIFF_HEAD_BYTES) {
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SNIFF_HEAD_BYTES);
}

async function zipKind(file: string, maxUncompressed: number, depth = 0): Promise<SniffResult> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
      strictFileNames: false,
    });
  } catch {
    return refuse('corrupt ZIP');
  }
  try {
    if (zip.entryCount > ZIP_MAX_ENTRIES) {
      return refuse(`more than ${ZIP_MAX_ENTRIES} entries`);
    }
    const entries: Entry[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted() || !entry.canDecodeFileData()) {
        return refuse('encrypted or unsupported ZIP entry');
      }
      total += entry.uncompressedSize;
      if (total > maxUncompressed) {
        return refuse('uncompressed size too large (ZIP bomb guard)');
      }
      entries.push(entry);
    }
    if (entries.length === 0) {
      return refuse('empty ZIP');
    }
    const names = new Set(entries.map((e) => e.fileName.replace(/^\/+/, '')));
    if (names.has('[Content_Types].xml') && names.has('word/document.xml')) {
      return accept('docx');
    }
    if (names.has('[Content_Types].xml') && names.has('xl/workbook.xml')) {
      return accept('xlsx');
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) {
        continue;
      }
      const kind = magicOf(await entryHead(zip, entry));
      if (kind === 'zip' && depth === 0) {
        const inner = `${file}.${entries.indexOf(entry)}.inner`;
        try {
          await extractEntry(zip, entry, inner);
          const r = await zipKind(inner, maxUncompressed, 1);
          if (!r.ok || (r.kind !== 'docx' && r.kind !== 'xlsx')) {
            return refuse(`ZIP entry "${entry.fileName}" is an archive inside an archive`);
          }
        } finally {
          await fsp.rm(inner, { force: true });
        }
        continue;
      }
      if (kind === null || kind === 'zip') {
        return refuse(`ZIP entry "${entry.fileName}" is not an allowed type`);
      }
    }
    return accept('zip');
  } catch {
    // yauzl refuses "../" or absolute entry names, sizes that disagree with the directory, and
    // malformed directories: none of these is a file we keep.
    return refuse('corrupt ZIP');
  } finally {
    zip.close();
  }
}
