import { type AnswerView, SaveAnswerInput, ScorecardView } from '@cchc/domain/api/scorecards';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { scoreLeaf } from '@cchc/domain/scoring/methods';
import { z } from 'zod';
import { AppError } from '../../../errors';
import type { Clock } from '../../../platform/clock';
import { MAX_REPORTED_ERRORS } from '../../index-sets/xlsx/sheet-reader';
import type { Ctx } from '../../shared/context';
import type { ScorecardsService } from '../scorecards.service';
import { type ColumnKey, headerOf, TITLE_ROWS } from './layout';
import type { ScorecardMeta } from './meta';
import { fingerprints, parseRow, primaryKey } from './row-cells';
import { type FileError, openScorecardWorkbook, type ReadRow, titleRef } from './workbook-reader';
import { writeScorecardWorkbook } from './workbook-writer';

/**
 * Excel round trip of a scorecard (issue 4 §5, docs/scorecard-excel.md): download the unit's
 * scorecard as a workbook, fill it in Excel, upload it back. The upload is all or nothing: every
 * problem is listed with its cell (`Phiếu tự chấm!F12`) and nothing is saved until there is none;
 * saving itself is `importAnswers` of the scorecards service (policy, lock, deadline, engine,
 * row versions), so the workbook can do nothing the web page cannot.
 */

/** Largest workbook accepted (a real one is well under 100 KB). */
export const SCORECARD_XLSX_MAX_BYTES = 5 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answer of POST /api/scorecards/:id/xlsx. */
export const ScorecardXlsxImportResult = z.object({
  /** Rows saved (changed in the file and now stored, points computed by the engine). */
  saved: z.number().int(),
  /** Rows with a result that were left as they are: untouched in the file, or equal to what is stored. */
  unchanged: z.number().int(),
  /** Rows with no result in the file (unanswered), skipped. */
  blank: z.number().int(),
  /** The scorecard after the import. */
  scorecard: ScorecardView,
});
export type ScorecardXlsxImportResult = z.infer<typeof ScorecardXlsxImportResult>;

/** The refusal of an upload: every problem, located, in `details.errors` (the shape of importAnswers'). */
function invalid(errors: FileError[], message?: string): AppError {
  let list = errors;
  if (errors.length > MAX_REPORTED_ERRORS) {
    list = [
      ...errors.slice(0, MAX_REPORTED_ERRORS),
      {
        location: '',
        leafCode: '',
        message: `Còn ${errors.length - MAX_REPORTED_ERRORS} lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại.`,
      },
    ];
  }
  const only = list.length === 1 && list[0]!.leafCode === '' ? list[0]!.message : undefined;
  return new AppError('SCORECARD_FILE_INVALID', message ?? only, { details: { errors: list } });
}

/** ASCII file name: letters, digits, dot, underscore, dash ("phieu-tu-cham-VPTT-CCHC-2024.xlsx"). */
function asciiPart(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'x'
  );
}

/** "Cần ghi…" → "cần ghi…" after "Tiêu chí 1.2: ", as the engine writes its messages. */
function lowerFirst(message: string): string {
  return message.charAt(0).toLocaleLowerCase('vi') + message.slice(1);
}

/** Problems in reading order: the file first, then by row and column. */
function sortByCell(errors: FileError[]): FileError[] {
  const position = (e: FileError) => {
    const m = /!\$?([A-Z]+)\$?(\d+)/.exec(e.location);
    if (!m) {
      return [0, 0];
    }
    const column = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(m[2]), column];
  };
  return errors
    .map((e, i) => ({ e, i, p: position(e) }))
    .sort((a, b) => a.p[0]! - b.p[0]! || a.p[1]! - b.p[1]! || a.i - b.i)
    .map((x) => x.e);
}

const who = (unitCode: string, unitName: string) => `${unitCode} – ${unitName}`;

/** The workbook was made for the scorecard of the URL (same unit, campaign and index-set version)? */
function identityErrors(meta: ScorecardMeta, view: ScorecardView): FileError[] {
  const fileUnit = who(meta.unitCode, meta.unitName);
  const urlUnit = who(view.unit.code, view.unit.name);
  const fileCampaign = `${meta.campaignCode} (${meta.campaignName})`;
  const urlCampaign = `${view.campaign.code} (${view.campaign.name})`;
  const sameUnit = meta.unitId === view.unit.id;
  const sameCampaign = meta.campaignId === view.campaign.id;
  const fix = `Hãy tải tệp Excel của phiếu ${urlUnit}, kỳ ${view.campaign.code} rồi điền vào tệp đó.`;
  const error = (row: number, message: string): FileError[] => [
    { location: titleRef(row), leafCode: '', message },
  ];
  if (!sameUnit && !sameCampaign) {
    return error(
      TITLE_ROWS.unit,
      `Tệp là phiếu tự chấm của đơn vị ${fileUnit}, kỳ đánh giá ${fileCampaign}; phiếu đang mở là của đơn vị ${urlUnit}, kỳ đánh giá ${urlCampaign}. ${fix}`,
    );
  }
  if (!sameUnit) {
    return error(
      TITLE_ROWS.unit,
      `Tệp là phiếu tự chấm của đơn vị ${fileUnit}, không phải của đơn vị ${urlUnit} (kỳ đánh giá ${urlCampaign}). ${fix}`,
    );
  }
  if (!sameCampaign) {
    return error(
      TITLE_ROWS.campaign,
      `Tệp là phiếu tự chấm của kỳ đánh giá ${fileCampaign}; phiếu đang mở thuộc kỳ đánh giá ${urlCampaign}. ${fix}`,
    );
  }
  if (meta.scorecardId !== view.id) {
    return error(TITLE_ROWS.unit, `Tệp được tạo cho một phiếu tự chấm khác của đơn vị ${urlUnit}. ${fix}`);
  }
  if (meta.indexSetId !== view.indexSet.id || meta.indexSetVersion !== view.indexSet.version) {
    return error(
      TITLE_ROWS.generated,
      `Tệp được tạo theo bộ chỉ số ${meta.indexSetCode} phiên bản ${meta.indexSetVersion}; kỳ đánh giá nay dùng bộ chỉ số ${view.indexSet.code} phiên bản ${view.indexSet.version}. Hãy tải tệp Excel mới của phiếu.`,
    );
  }
  return [];
}

const NULL_VALUE_FP = fingerprints({
  value: null,
  note: '',
  noEvidenceReason: '',
  naClaimed: false,
  naReason: '',
  confirm: false,
}).value;

type ImportRow = Parameters<ScorecardsService['importAnswers']>[2][number];

interface Plan {
  rows: ImportRow[];
  errors: FileError[];
  untouched: number;
  blank: number;
}

/** Turns the rows read from the sheet into the answers to save, or the problems to list. */
function plan(meta: ScorecardMeta, view: ScorecardView, read: ReadRow[]): Plan {
  const doc = view.indexSet.document as unknown as IndexSetDocument;
  const leaves = answerableLeaves(doc, view.groupCode);
  const metaRows = new Map(meta.rows.map((r) => [r.leafCode, r]));
  const stored = new Map<string, AnswerView>(view.answers.map((a) => [a.leafCode, a]));
  const seen = new Map<string, number>();
  const out: Plan = { rows: [], errors: [], untouched: 0, blank: 0 };
  for (const row of read) {
    const { leafCode } = row;
    const fail = (key: ColumnKey, message: string) =>
      out.errors.push({
        location: row.ref(key),
        leafCode,
        message: `Tiêu chí ${leafCode}: ${lowerFirst(message)}`,
      });
    const written = metaRows.get(leafCode);
    if (!written) {
      out.errors.push({
        location: row.ref('leafKey'),
        leafCode: '',
        message: `Dòng ${row.rowNumber} có mã kỹ thuật “${leafCode}” không thuộc tệp đã tải về; không chép dòng từ tệp khác và không sửa cột kỹ thuật.`,
      });
      continue;
    }
    const first = seen.get(leafCode);
    if (first !== undefined) {
      fail('leafKey', `xuất hiện hai lần (dòng ${first} và dòng ${row.rowNumber}); hãy xoá dòng chép thêm.`);
      continue;
    }
    seen.set(leafCode, row.rowNumber);
    if (row.rowVersion !== String(written.rowVersion)) {
      fail(
        'rowVersion',
        `cột kỹ thuật “${headerOf('rowVersion')}” đã bị sửa; hãy tải lại tệp Excel của phiếu.`,
      );
      continue;
    }
    const target = leaves.get(leafCode);
    if (!target) {
      fail('leafKey', 'không áp dụng cho đơn vị trong kỳ này.');
      continue;
    }
    const parsed = parseRow(target.leaf, row.cells, { draft: written.draft });
    if (!parsed.ok) {
      for (const e of parsed.errors) {
        fail(e.key, e.message);
      }
      continue;
    }
    const r = parsed.row;
    const fp = fingerprints(r);
    const valueSame = fp.value === written.valueFp;
    const isBlank = r.value === null && !r.naClaimed;
    if (valueSame && fp.rest === written.restFp) {
      // Untouched since the download: whatever the server holds now stays.
      if (isBlank) {
        out.blank += 1;
      } else {
        out.untouched += 1;
      }
      continue;
    }
    if (isBlank) {
      fail(
        primaryKey(target.leaf, row.cells),
        written.valueFp === NULL_VALUE_FP
          ? 'chưa có kết quả tự chấm; ghi chú, giải thích chỉ được lưu kèm kết quả — hãy ghi kết quả vào ô nền vàng.'
          : 'các ô kết quả đã bị xoá trống; tệp Excel không xoá được kết quả đã lưu — hãy ghi lại kết quả, hoặc sửa trên trang Tự đánh giá.',
      );
      continue;
    }
    let rowOk = true;
    const rowFail = (key: ColumnKey, message: string) => {
      fail(key, message);
      rowOk = false;
    };
    if (r.naClaimed) {
      if (target.kind !== 'CRITERION') {
        rowFail(
          'naClaimed',
          'chỉ tiêu chí chấm điểm mới được đề nghị không áp dụng (không dùng cho điểm thưởng, điểm trừ).',
        );
      } else if (r.value !== null) {
        rowFail(
          'naClaimed',
          `đã đề nghị không áp dụng thì để trống các ô kết quả (hoặc chọn “Không” ở cột “${headerOf('naClaimed')}”).`,
        );
      }
      if (r.naReason === '') {
        rowFail('naReason', 'đề nghị không áp dụng phải nêu lý do.');
      }
    } else {
      if (r.naReason !== '') {
        rowFail('naReason', `có lý do nhưng chưa chọn “Có” ở cột “${headerOf('naClaimed')}”.`);
      }
      const scored = scoreLeaf(target.leaf, r.value);
      if (!scored.ok) {
        rowFail(primaryKey(target.leaf, row.cells), scored.error);
      }
    }
    // A value left as written keeps the stored answer exactly (a deadline given by dates, a
    // comment): only what the person changed is replaced.
    const current = stored.get(leafCode);
    const keepStored = valueSame && current !== undefined && current.rowVersion === written.rowVersion;
    const input = SaveAnswerInput.safeParse({
      rowVersion: written.rowVersion,
      value: keepStored ? current.value : r.value,
      note: r.note,
      noEvidenceReason: r.noEvidenceReason,
      naClaimed: r.naClaimed,
      naReason: r.naReason,
    });
    if (!input.success) {
      for (const issue of input.error.issues) {
        const key = issue.path[0];
        rowFail(
          key === 'note' || key === 'noEvidenceReason' || key === 'naReason' ? key : 'code',
          issue.message,
        );
      }
    }
    if (rowOk && input.success) {
      out.rows.push({
        leafCode,
        input: input.data,
        location: valueSame ? row.ref('code') : row.ref(primaryKey(target.leaf, row.cells)),
      });
    }
  }
  return out;
}

/** Export and import of one scorecard's workbook; the rules stay in the scorecards service. */
export function createScorecardXlsx(scorecards: ScorecardsService, clock: Clock) {
  return {
    /** The workbook of a scorecard the actor may read (scorecard.read). */
    async exportFile(ctx: Ctx, id: string): Promise<{ filename: string; data: Buffer }> {
      const view = await scorecards.get(ctx, id);
      const data = await writeScorecardWorkbook(view, clock.now());
      return {
        filename: `phieu-tu-cham-${asciiPart(view.unit.code)}-${asciiPart(view.campaign.code)}.xlsx`,
        data,
      };
    },

    /**
     * Reads an uploaded workbook and saves every changed row, all or nothing. Access (scorecard.edit,
     * lock, deadline) is checked before the upload is read; `read` is called only then.
     */
    async importFile(
      ctx: Ctx,
      id: string,
      upload: { read(): Promise<Buffer> },
    ): Promise<ScorecardXlsxImportResult> {
      await scorecards.access.loadForEdit(ctx, id);
      const view = await scorecards.get(ctx, id);
      const data = await upload.read();
      const opened = await openScorecardWorkbook(data);
      if (!opened.ok) {
        throw invalid(opened.errors);
      }
      const { meta } = opened.workbook;
      const identity = identityErrors(meta, view);
      if (identity.length > 0) {
        throw invalid(identity);
      }
      const read = opened.workbook.readRows();
      const planned = plan(
        meta,
        view,
        read.rows.filter((row) => !read.rowsWithErrors.has(row.rowNumber)),
      );
      const errors = sortByCell([...read.errors, ...planned.errors]);
      if (errors.length > 0) {
        throw invalid(errors);
      }
      let saved = 0;
      let unchanged = planned.untouched;
      if (planned.rows.length > 0) {
        const result = await scorecards.importAnswers(ctx, id, planned.rows);
        saved = result.saved;
        unchanged += result.unchanged;
      }
      return { saved, unchanged, blank: planned.blank, scorecard: await scorecards.get(ctx, id) };
    },
  };
}

export type ScorecardXlsx = ReturnType<typeof createScorecardXlsx>;
