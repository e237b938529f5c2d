import type { IndexSetDocument, LocatedError } from '@cchc/domain/index-set/format';
import { readWorkbook } from './xlsx-reader';
import { writeWorkbook } from './xlsx-writer';
import { checkXlsxContainer } from './zip-guard';

/**
 * Excel import/export of index sets (docs/index-set-excel.md). The workbook is a hand-editable
 * view of the JSON interchange format (docs/index-set-format.md): export then import gives back
 * the same document, key for key. Import reads the sheets into a plain document and reports only
 * sheet-level problems; the JSON validator judges the document, and `locate` turns its JSON-path
 * errors into `Sheet!Cell` locations.
 */

export { EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS } from './sheet-bounds';
export { MAX_REPORTED_ERRORS } from './sheet-reader';
export {
  MAX_XLSX_COMPRESSION_RATIO,
  MAX_XLSX_ENTRIES,
  MAX_XLSX_FILE_BYTES,
  MAX_XLSX_UNCOMPRESSED_BYTES,
  XLSX_FILE_MESSAGES,
  XLSX_RATIO_CHECK_MIN_BYTES,
} from './zip-guard';

export type ReadIndexSetXlsxResult =
  | { ok: true; document: unknown; locate(jsonPath: string): string | undefined }
  | { ok: false; errors: LocatedError[] };

export function writeIndexSetXlsx(doc: IndexSetDocument): Promise<Buffer> {
  return writeWorkbook(doc);
}

/**
 * Accepts `nodes[0].children[1].maxPoints`, `$.nodes[0]…`, `nodes.0.children.1` and JSON Pointer
 * (`/nodes/0/children/1/maxPoints`), whichever the validator produces.
 */
function normalizePath(jsonPath: string): string {
  let path = jsonPath.trim();
  if (path.startsWith('/')) {
    path = path
      .slice(1)
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
      .join('');
  }
  return path.replace(/^\$\.?/, '').replace(/\.(\d+)(?=[.[]|$)/g, '[$1]');
}

/** The cell of a JSON path, or of its nearest ancestor that has one (`…tiers[2].points` → Tham số). */
function locator(locations: ReadonlyMap<string, string>): (jsonPath: string) => string | undefined {
  return (jsonPath) => {
    let path = normalizePath(jsonPath);
    while (path !== '') {
      const found = locations.get(path);
      if (found !== undefined) {
        return found;
      }
      const parent = path.replace(/(?:\.[^.[\]]*|\[[^\]]*\])$/, '');
      if (parent === path) {
        return undefined;
      }
      path = parent;
    }
    return undefined;
  };
}

export async function readIndexSetXlsx(data: Buffer): Promise<ReadIndexSetXlsxResult> {
  const rejected = await checkXlsxContainer(data);
  if (rejected) {
    return { ok: false, errors: rejected };
  }
  const outcome = await readWorkbook(data);
  if (!outcome.ok) {
    return outcome;
  }
  return { ok: true, document: outcome.document, locate: locator(outcome.locations) };
}
