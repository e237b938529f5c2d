import type { IndexSetDocument, LocatedError } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import { AppError } from '../../errors';
import { describeJsonError } from './json-syntax';
import { readIndexSetXlsx } from './xlsx/index-set-xlsx';

/** The error of a rejected index-set document: every problem, located, in `details.errors`. */
export function invalid(errors: LocatedError[]): AppError {
  return new AppError('INDEX_SET_INVALID', undefined, { details: { errors } });
}

/** What a file is, judged by its first bytes rather than its name. */
function sniff(data: Buffer): 'json' | 'xlsx' | null {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) {
    return 'xlsx';
  }
  const head = data
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{') ? 'json' : null;
}

/** Parses a JSON or XLSX file into a valid document, or throws INDEX_SET_INVALID with every problem located.
 * No database: the server and `cli score` read files through this one function. */
export async function documentFromFile(data: Buffer): Promise<IndexSetDocument> {
  const kind = sniff(data);
  if (kind === null) {
    throw new AppError('UNSUPPORTED_FILE');
  }
  if (kind === 'json') {
    let json: unknown;
    const text = data.toString('utf8').replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(text);
    } catch {
      // JSON.parse explains in English, not always with a position: say it in Vietnamese, with
      // the line and column where an editor will show the mistake.
      throw invalid([{ path: '$', message: describeJsonError(text) }]);
    }
    const parsed = parseIndexSet(json);
    if (!parsed.ok) {
      throw invalid(parsed.errors);
    }
    return parsed.document;
  }
  const sheet = await readIndexSetXlsx(data);
  if (!sheet.ok) {
    throw invalid(sheet.errors);
  }
  const parsed = parseIndexSet(sheet.document);
  if (!parsed.ok) {
    // Point at cells, not JSON paths: the person fixes the workbook, not the JSON.
    throw invalid(parsed.errors.map((e) => ({ path: sheet.locate(e.path) ?? e.path, message: e.message })));
  }
  return parsed.document;
}
