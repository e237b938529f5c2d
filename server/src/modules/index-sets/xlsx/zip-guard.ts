import { finished } from 'node:stream/promises';
import type { LocatedError } from '@cchc/domain/index-set/format';
import { LIMITS } from '@cchc/domain/validation';
import type { Entry, ZipFile } from 'yauzl';
import * as yauzl from 'yauzl';
import { highestSheetId, outOfSheetMessage, SheetBoundsScanner, sheetNamesByPart } from './sheet-bounds';

/**
 * Safety checks on an uploaded .xlsx before ExcelJS sees it. ExcelJS (through JSZip) inflates
 * every part of the ZIP into memory and believes nothing it has not inflated, so a small file
 * can expand to gigabytes. We first read only the central directory (entry count, declared sizes,
 * compression ratios) and reject early; then we inflate each part through yauzl, which stops as
 * soon as a part produces more bytes than it declared, so a lying directory cannot get past the
 * limits either. While inflating, the worksheet XML is scanned for columns and rows beyond
 * Excel's own limits (sheet-bounds.ts), which ExcelJS would allocate one by one. Only after both
 * passes is the buffer handed to ExcelJS.
 */

/** Largest upload (the same limit as JSON uploads). */
export const MAX_XLSX_FILE_BYTES = LIMITS.indexSetUploadBytes;
/** Sum of the declared uncompressed sizes of all parts. A real index-set workbook is well under 1 MB. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024;
/** A workbook has a few dozen parts; thousands of tiny parts are a way to burn CPU. */
export const MAX_XLSX_ENTRIES = 500;
/** Uncompressed:compressed ratio above which a large part is treated as a ZIP bomb (as Apache POI does). */
export const MAX_XLSX_COMPRESSION_RATIO = 100;
/** The ratio rule applies to parts larger than this; small XML parts legitimately compress very well. */
export const XLSX_RATIO_CHECK_MIN_BYTES = 1024 * 1024;

const MB = 1024 * 1024;

export const XLSX_FILE_MESSAGES = {
  notXlsx: 'Tệp không phải bảng tính Excel (.xlsx).',
  legacyOrEncrypted:
    'Tệp không phải bảng tính Excel (.xlsx): có thể là tệp .xls cũ hoặc tệp được đặt mật khẩu. Hãy mở bằng Excel và lưu lại dạng .xlsx, không đặt mật khẩu.',
  tooLarge: `Tệp quá lớn: tối đa ${MAX_XLSX_FILE_BYTES / MB} MB.`,
  tooManyEntries: `Tệp bị từ chối: có hơn ${MAX_XLSX_ENTRIES} thành phần nén (nghi là tệp nén độc hại).`,
  tooBigUncompressed: `Tệp bị từ chối: nội dung sau khi giải nén vượt quá ${MAX_XLSX_UNCOMPRESSED_BYTES / MB} MB (nghi là tệp nén độc hại).`,
  ratio: (part: string) =>
    `Tệp bị từ chối: thành phần “${part}” có tỷ lệ nén bất thường (nghi là tệp nén độc hại).`,
  corrupt: 'Tệp Excel bị hỏng hoặc có nội dung không đọc được; hãy mở bằng Excel và lưu lại.',
  sheetNumber: `Tệp bị từ chối: có trang tính mang số hiệu quá lớn (sheetId hoặc tên phần sheetN.xml lớn hơn 10.000). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.`,
  sizeMismatch:
    'Tệp bị từ chối: kích thước sau khi giải nén không khớp với khai báo trong tệp (tệp hỏng hoặc độc hại).',
} as const;

/** Compound File Binary header: legacy .xls, and also what Excel writes for a password-protected .xlsx. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function fileError(message: string): LocatedError {
  return { path: '', message };
}

/** Part name as ExcelJS sees it (it strips a leading "/"). */
function partName(entry: Entry): string {
  return entry.fileName.replace(/^\/+/, '');
}

function isBomb(entry: Entry): boolean {
  return (
    entry.uncompressedSize > XLSX_RATIO_CHECK_MIN_BYTES &&
    entry.uncompressedSize > MAX_XLSX_COMPRESSION_RATIO * Math.max(1, entry.compressedSize)
  );
}

/** Reads the central directory; returns the parts, or the reason to reject the file. */
async function listParts(zip: ZipFile): Promise<Entry[] | LocatedError> {
  if (zip.entryCount > MAX_XLSX_ENTRIES) {
    return fileError(XLSX_FILE_MESSAGES.tooManyEntries);
  }
  const entries: Entry[] = [];
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    if (entry.isEncrypted() || !entry.canDecodeFileData()) {
      return fileError(XLSX_FILE_MESSAGES.notXlsx);
    }
    if (isBomb(entry)) {
      return fileError(XLSX_FILE_MESSAGES.ratio(partName(entry)));
    }
    total += entry.uncompressedSize;
    if (total > MAX_XLSX_UNCOMPRESSED_BYTES) {
      return fileError(XLSX_FILE_MESSAGES.tooBigUncompressed);
    }
    entries.push(entry);
  }
  if (!entries.some((entry) => partName(entry) === 'xl/workbook.xml')) {
    return fileError(XLSX_FILE_MESSAGES.notXlsx);
  }
  return entries;
}

/**
 * Excel numbers sheets from 1 and reuses numbers; no workbook it writes comes near this. ExcelJS
 * indexes arrays by these numbers, so a huge one is refused before it sees the file.
 */
const MAX_SHEET_NUMBER = 10_000;

/** The parts ExcelJS reads as worksheets (its own pattern, unanchored as it uses it). */
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
/** The parts that name the sheets, kept in memory (they are small and within the checked total). */
const WORKBOOK_PART = 'xl/workbook.xml';
const WORKBOOK_RELS_PART = 'xl/_rels/workbook.xml.rels';

/**
 * Inflates every part: yauzl (validateEntrySizes) fails the stream as soon as a part exceeds its
 * declared size, so at most the checked total is ever inflated. Worksheet XML is scanned on the
 * way for rows and columns beyond Excel's limits; other bytes are thrown away.
 */
async function inspectParts(zip: ZipFile, entries: Entry[]): Promise<LocatedError[] | undefined> {
  const outOfBounds = new Map<string, string>();
  const kept = new Map<string, Buffer[]>();
  for (const entry of entries) {
    if (entry.fileName.endsWith('/') || entry.uncompressedSize === 0) {
      continue;
    }
    const name = partName(entry);
    try {
      const stream = await zip.openReadStreamPromise(entry);
      const worksheet = WORKSHEET_PART.exec(name);
      if (worksheet && Number(worksheet[1]) > MAX_SHEET_NUMBER) {
        return [fileError(XLSX_FILE_MESSAGES.sheetNumber)];
      }
      if (worksheet) {
        const scanner = new SheetBoundsScanner();
        for await (const chunk of stream) {
          scanner.push(chunk as Buffer);
        }
        scanner.end();
        if (scanner.found !== undefined) {
          outOfBounds.set(name, scanner.found);
        }
      } else if (name === WORKBOOK_PART || name === WORKBOOK_RELS_PART) {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) {
          chunks.push(chunk as Buffer);
        }
        kept.set(name, chunks);
      } else {
        stream.resume();
        await finished(stream);
      }
    } catch {
      return [fileError(XLSX_FILE_MESSAGES.sizeMismatch)];
    }
  }
  const text = (part: string) => Buffer.concat(kept.get(part) ?? []).toString('utf8');
  if (highestSheetId(text(WORKBOOK_PART)) > MAX_SHEET_NUMBER) {
    return [fileError(XLSX_FILE_MESSAGES.sheetNumber)];
  }
  if (outOfBounds.size === 0) {
    return undefined;
  }
  const sheetNames = sheetNamesByPart(text(WORKBOOK_PART), text(WORKBOOK_RELS_PART));
  return [...outOfBounds].map(([part, what]) => {
    const sheet = sheetNames.get(part) ?? part;
    return { path: sheet, message: outOfSheetMessage(sheet, what) };
  });
}

/**
 * undefined when the buffer is a ZIP with an Excel workbook inside that is safe to inflate and
 * whose sheets stay within Excel's size; otherwise the reasons (one for the file, or one per sheet).
 */
export async function checkXlsxContainer(data: Buffer): Promise<LocatedError[] | undefined> {
  if (data.length > MAX_XLSX_FILE_BYTES) {
    return [fileError(XLSX_FILE_MESSAGES.tooLarge)];
  }
  if (data.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    return [fileError(XLSX_FILE_MESSAGES.legacyOrEncrypted)];
  }
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
      strictFileNames: false,
    });
  } catch {
    return [fileError(XLSX_FILE_MESSAGES.notXlsx)];
  }
  try {
    const parts = await listParts(zip);
    if (!Array.isArray(parts)) {
      return [parts];
    }
    return await inspectParts(zip, parts);
  } catch {
    // yauzl rejects malformed directories, absolute or "../" part names, stored parts whose sizes
    // disagree: none of these is a workbook Excel would write.
    return [fileError(XLSX_FILE_MESSAGES.notXlsx)];
  } finally {
    zip.close();
  }
}
