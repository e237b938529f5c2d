import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import { FUZZ_SEED } from '@cchc/domain/testing/fuzz-seed';
import { indexSetArbitrary } from '@cchc/domain/testing/index-set-arbitrary';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importOutcome } from '../../testing/index-set-import';
import { writeIndexSetXlsx } from './xlsx/index-set-xlsx';

// A fixed seed: CI must give the same verdict on the same code. The seeds that found the bugs
// below were random ones; to explore new inputs, change FUZZ_SEED locally (docs/fuzzing.md).
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });

/**
 * Property: any valid index set → Excel export → import gives back the same canonical document
 * (docs/index-set-excel.md: "export then import gives back the same document, key for key").
 * Random sets cover every method and parameter, optional keys, applicableTo lists, node caps,
 * bonus/penalty groups, and texts with the separators of the "Tham số" cell (; : , quotes, line
 * breaks), leading "=", XML specials and any Unicode the validator accepts.
 * docs/fuzzing.md says how to run it and replay a failure.
 */

function canonical(raw: IndexSetDocument): IndexSetDocument {
  const parsed = parseIndexSet(raw);
  if (!parsed.ok) {
    throw new Error(`generated set is invalid: ${JSON.stringify(parsed.errors.slice(0, 5))}`);
  }
  return parsed.document;
}

// One export and one import take 0.2–0.5 s on a 2-core machine: 30 runs stay under about 20 s.
describe('index-set XLSX round trip (fast-check)', { timeout: 120_000 }, () => {
  it('a valid set round-trips through the Excel export and import', async () => {
    await fc.assert(
      fc.asyncProperty(
        indexSetArbitrary({ flavour: 'unicode', maxFields: 3, maxChildren: 3 }),
        async (raw) => {
          const doc = canonical(raw);
          const outcome = await importOutcome(await writeIndexSetXlsx(doc));
          expect(outcome).toEqual({ ok: true, document: doc });
          // Key order too: the stored JSON text is the same.
          expect(JSON.stringify((outcome as { document: IndexSetDocument }).document)).toBe(
            JSON.stringify(doc),
          );
        },
      ),
      { numRuns: 30, timeout: 20_000 },
    );
  });
});

// Counterexamples the round trip found, kept as fixed cases (docs/fuzzing.md, "Bugs found").
describe('regressions found by the XLSX round trip', () => {
  const base: IndexSetDocument = {
    formatVersion: 1,
    code: 'S',
    name: 'a',
    year: 2000,
    unitGroups: [{ code: 'a', name: 'a' }],
    nodes: [
      {
        code: '1',
        name: 'a',
        children: [{ code: '1.1', name: 'a', maxPoints: 0, method: { type: 'PROPORTIONAL' } }],
      },
    ],
    classification: [{ label: 'a', minPercent: 0 }],
    ranking: { ties: 'dense', scope: 'all' },
  };

  it('an empty legalBasis or adjustments object is dropped by the validator, so Excel gives the same set back', async () => {
    // seed 1139342643: {"legalBasis": {}} was kept, and the workbook cannot tell it from absent.
    for (const extra of [{ legalBasis: {} }, { adjustments: {} }, { legalBasis: { number: '  ' } }]) {
      const doc = canonical({ ...base, ...extra } as IndexSetDocument);
      expect(doc).toEqual(base);
      expect(await importOutcome(await writeIndexSetXlsx(doc))).toEqual({ ok: true, document: base });
    }
  });

  it('a legalBasis date before 1900 (written as text, not an Excel date) imports back', async () => {
    // seed 812536204: parseDateText refused text dates before Excel's 1900.
    for (const date of ['1899-12-31', '1000-01-01', '0001-02-28']) {
      const doc = canonical({ ...base, legalBasis: { date } });
      expect(await importOutcome(await writeIndexSetXlsx(doc))).toEqual({ ok: true, document: doc });
    }
  });
});
