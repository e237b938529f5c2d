import type { IndexSetDocument, LocatedError } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import fc from 'fast-check';
import { expect } from 'vitest';
import { AppError } from '../errors';
import { documentFromFile } from '../modules/index-sets/index-set-file';

/**
 * The contract of the index-set import (documentFromFile), as the property tests check it
 * (docs/fuzzing.md). Test-only. For ANY bytes the import ends in exactly one of:
 * - a valid document, which the validator accepts again unchanged (its canonical form is a fixed
 *   point: nothing half-checked gets stored);
 * - AppError UNSUPPORTED_FILE (neither JSON nor XLSX);
 * - AppError INDEX_SET_INVALID with a non-empty list of located problems, each a path (JSON path,
 *   `Sheet!Cell`, or '' for the whole file) and a short Vietnamese message.
 * Anything else — another exception, a TypeError from deep inside a parser — fails the property.
 */

export type ImportOutcome =
  | { ok: true; document: IndexSetDocument }
  | { ok: false; code: 'UNSUPPORTED_FILE' }
  | { ok: false; code: 'INDEX_SET_INVALID'; errors: LocatedError[] };

/** A Vietnamese letter with a diacritic: every message of the importers has at least one. */
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/iu;

/** Generous bounds: a message quotes cells and values shortened, never a whole megabyte text. */
const MAX_PATH_CHARS = 400;
const MAX_MESSAGE_CHARS = 2_000;
const MAX_ERRORS = 1_000;

export function checkLocatedErrors(errors: unknown): LocatedError[] {
  expect(Array.isArray(errors), 'details.errors is a list').toBe(true);
  const list = errors as LocatedError[];
  expect(list.length).toBeGreaterThan(0);
  expect(list.length).toBeLessThanOrEqual(MAX_ERRORS);
  for (const error of list) {
    expect(Object.keys(error).sort()).toEqual(['message', 'path']);
    expect(typeof error.path).toBe('string');
    expect(error.path.length).toBeLessThanOrEqual(MAX_PATH_CHARS);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(error.message, `message in Vietnamese: ${error.message}`).toMatch(VIETNAMESE);
  }
  return list;
}

/** Imports `data` and checks that the outcome is one of the documented ones (see above). */
export async function importOutcome(data: Buffer): Promise<ImportOutcome> {
  let document: IndexSetDocument;
  try {
    document = await documentFromFile(data);
  } catch (error) {
    if (!(error instanceof AppError)) {
      throw new Error(`the import threw something other than AppError: ${String(error)}`, { cause: error });
    }
    if (error.code === 'UNSUPPORTED_FILE') {
      return { ok: false, code: 'UNSUPPORTED_FILE' };
    }
    expect(error.code).toBe('INDEX_SET_INVALID');
    return { ok: false, code: 'INDEX_SET_INVALID', errors: checkLocatedErrors(error.extra.details?.errors) };
  }
  const again = parseIndexSet(document);
  expect(again.ok, 'an imported document re-validates').toBe(true);
  expect(JSON.stringify(again.ok ? again.document : null)).toBe(JSON.stringify(document));
  return { ok: true, document };
}

/** An edit of a file's bytes: truncated, a slice cut out, bytes inserted, a bit flipped, bytes overwritten. */
export interface ByteEdit {
  kind: 'truncate' | 'cut' | 'insert' | 'flip' | 'set';
  at: number;
  length: number;
  bytes: Uint8Array;
}

/** One to four byte edits; positions are taken modulo the file's length when applied. */
export const byteEditsArbitrary: fc.Arbitrary<ByteEdit[]> = fc.array(
  fc.record({
    kind: fc.constantFrom('truncate', 'cut', 'insert', 'flip', 'set'),
    at: fc.nat(),
    length: fc.nat({ max: 64 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  { minLength: 1, maxLength: 4 },
);

export function editBytes(data: Buffer, edits: readonly ByteEdit[]): Buffer {
  let out = Buffer.from(data);
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % out.length;
    switch (e.kind) {
      case 'truncate':
        out = out.subarray(0, at);
        break;
      case 'cut':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + e.length)]);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(e.bytes), out.subarray(at)]);
        break;
      case 'flip':
        if (out.length > 0) {
          out[at] = (out[at] as number) ^ (1 << (e.length % 8));
        }
        break;
      case 'set':
        for (let i = 0; i < e.bytes.length && at + i < out.length; i++) {
          out[at + i] = e.bytes[i] as number;
        }
        break;
    }
  }
  return out;
}
