import { localDateOf } from '@cchc/domain/campaign/calendar';
import {
  type AdminDoc,
  type Align,
  AlignmentType,
  type Block,
  type Cell,
  type ColumnsBlock,
  type ParaBlock,
  type Row,
  type Run,
  SIZE,
  type TableBlock,
} from './model';

export { AlignmentType, SIZE };

/**
 * Building blocks of the administrative documents the system drafts (the unit's self-assessment
 * report, the council's minutes, the consolidated report, the draft decision), in the layout of
 * Decree 30/2020/NĐ-CP: agency block and national motto side by side, number, place and date,
 * title, body, recipients and signatures; 13 pt serif; A4 with margins top/bottom 20 mm, left
 * 30 mm, right 15 mm (the renderers apply the page). They build the model of ./model.ts.
 */

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  /** Half-points. */
  size?: number;
  /** Line breaks before the text (a title on two lines). */
  breakBefore?: number;
}

/**
 * Characters XML 1.0 forbids (a vertical tab pasted from Word, for instance): written raw they
 * make a DOCX Word refuses to open. Tabs and line breaks stay.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text as documents hold it: NFC, without the characters XML forbids. */
export const clean = (text: string) => text.normalize('NFC').replace(FORBIDDEN, '');

export const run = (text: string, o: RunOptions = {}): Run => ({
  text: clean(text),
  bold: o.bold,
  italics: o.italics,
  size: o.size,
  breakBefore: o.breakBefore,
});

/** A body paragraph: justified unless told, optionally with a 10 mm first-line indent. */
export function para(
  text: string | Run[],
  o: RunOptions & { align?: Align; indent?: boolean } = {},
): ParaBlock {
  return {
    type: 'para',
    align: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indent ?? false,
    runs: typeof text === 'string' ? [run(text, o)] : text,
  };
}

/** A cell of a bordered data table, in 12 pt. */
export function cell(
  text: string,
  o: { bold?: boolean; italics?: boolean; align?: Align; columnSpan?: number } = {},
): Cell {
  return {
    runs: [run(text, { bold: o.bold, italics: o.italics, size: 24 })],
    align: o.align ?? AlignmentType.LEFT,
    columnSpan: o.columnSpan ?? 1,
  };
}

export function row(cells: Cell[], o: { header?: boolean; cantSplit?: boolean } = {}): Row {
  return { cells, header: o.header ?? false, cantSplit: o.cantSplit ?? false };
}

/** A bordered full-width table; `widths` in percent. */
export function table(widths: number[], rows: Row[]): TableBlock {
  return { type: 'table', widths, rows };
}

/** Blocks side by side without borders (header block, signatures); widths in percent. */
export function sideBySide(columns: readonly { width?: number; children: Block[] }[]): ColumnsBlock {
  return {
    type: 'columns',
    columns: columns.map((c) => ({ width: c.width ?? 100 / columns.length, blocks: c.children })),
  };
}

/** A line to fill in by hand: `label`, then dots up to the right margin. */
export function blankLine(label = '', o: { indent?: boolean } = {}): Block {
  return { type: 'blank', label: clean(label), indent: o.indent ?? false };
}

export const pageBreak = (): Block => ({ type: 'pageBreak' });

/** "ngày 31 tháng 12 năm 2024" from a local date (YYYY-MM-DD). */
export function dayMonthYear(localDate: string): string {
  const [y, m, d] = localDate.split('-');
  return `ngày ${Number(d)} tháng ${Number(m)} năm ${y}`;
}

/** "Hà Nội, ngày 31 tháng 12 năm 2024": the place and the local (Vietnam) date of `now`. */
export function placeAndDate(place: string, now: Date): string {
  return `${place}, ${dayMonthYear(localDateOf(now))}`;
}

/**
 * The header block: on the left the governing agency, the issuing body (bold) and the number
 * with its symbol ("Số:       /BC-VPTT", the number left blank for the clerk); on the right the
 * national motto and the place and date.
 */
export function adminHeader(o: {
  /** Governing body above the issuer; empty when the issuer is itself the top of the hierarchy. */
  agencyName: string;
  issuer: string;
  symbol: string;
  /** The registered number; left blank for the clerk in a draft. */
  number?: string;
  place: string;
  now: Date;
}) {
  const number = o.number?.trim() ? `Số: ${o.number.trim()}` : `Số:       /${o.symbol}`;
  return sideBySide([
    {
      width: 42,
      children: [
        ...(o.agencyName.trim()
          ? [para(o.agencyName.toUpperCase(), { align: AlignmentType.CENTER, size: 24 })]
          : []),
        para(o.issuer.toUpperCase(), { bold: true, align: AlignmentType.CENTER, size: 24 }),
        para(number, { align: AlignmentType.CENTER }),
      ],
    },
    {
      width: 58,
      children: [
        para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, align: AlignmentType.CENTER, size: 24 }),
        para('Độc lập - Tự do - Hạnh phúc', { bold: true, align: AlignmentType.CENTER }),
        para(placeAndDate(o.place, o.now), { italics: true, align: AlignmentType.CENTER }),
      ],
    },
  ]);
}

/** "Nơi nhận:" and its lines ("- Như trên;", "- Lưu: VT, …."). */
export function recipients(lines: readonly string[]): Block[] {
  return [
    para('Nơi nhận:', { bold: true, italics: true, size: 24, align: AlignmentType.LEFT }),
    ...lines.map((line) => para(line, { size: 22, align: AlignmentType.LEFT })),
  ];
}

/**
 * A signature block: the signer's title (bold), how to sign (italic) and, when known, room to
 * sign above the signer's name.
 */
export function signature(title: string, note: string, signerName?: string): Block[] {
  return [
    para(title, { bold: true, align: AlignmentType.CENTER }),
    para(note, { italics: true, align: AlignmentType.CENTER }),
    ...(signerName === undefined
      ? []
      : [para(''), para(''), para(''), para(signerName, { bold: true, align: AlignmentType.CENTER })]),
  ];
}

/**
 * The signature of a signer from the document settings: the authority line ("KT. CHÁNH THANH
 * TRA") when signing on behalf, the title, room to sign, and the name when known.
 */
export function signerBlock(s: { authority: string; title: string; name: string }, note = ''): Block[] {
  return [
    ...(s.authority.trim()
      ? [para(s.authority.toUpperCase(), { bold: true, align: AlignmentType.CENTER })]
      : []),
    ...signature(s.title.toUpperCase(), note, s.name),
  ];
}

/** The document: the renderers give it A4 portrait, the decree's margins and the default font. */
export function adminDocument(o: { creator: string; title: string; children: Block[] }): AdminDoc {
  return { creator: o.creator, title: o.title, blocks: o.children };
}
