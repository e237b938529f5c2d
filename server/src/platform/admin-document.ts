import { localDateOf } from '@cchc/domain/campaign/calendar';
import {
  AlignmentType,
  BorderStyle,
  Document,
  type ISectionPropertiesOptions,
  LeaderType,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';

/**
 * Building blocks of the administrative documents the system drafts as editable DOCX (the unit's
 * self-assessment report, the council's minutes), in the layout of Decree 30/2020/NĐ-CP: agency
 * block and national motto side by side, number, place and date, title, body, recipients and
 * signatures; Times New Roman 13 pt; A4 with margins top/bottom 20 mm, left 30 mm, right 15 mm.
 */

/** Twips per millimetre. */
export const MM = 56.7;
export const FONT = 'Times New Roman';
/** Half-points: 13 pt. */
export const SIZE = 26;
/** Width of the text between the margins, in twips (210 mm less 30 mm and 15 mm). */
export const TEXT_WIDTH = Math.round((210 - 30 - 15) * MM);
export const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
export const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER } as const;

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  /** Half-points. */
  size?: number;
  /** Line breaks before the text (a title on two lines). */
  breakBefore?: number;
}

export const run = (text: string, o: RunOptions = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: o.size ?? SIZE,
    bold: o.bold,
    italics: o.italics,
    break: o.breakBefore,
  });

/** A body paragraph: justified unless told, optionally with a 10 mm first-line indent. */
export function para(text: string | TextRun[], o: RunOptions & { align?: Align; indent?: boolean } = {}) {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indent ? { firstLine: Math.round(10 * MM) } : undefined,
    spacing: { after: 80, line: 300 },
    children: typeof text === 'string' ? [run(text, o)] : text,
  });
}

/** A cell of a bordered data table, in 12 pt; `width` in percent of the table. */
export function cell(
  text: string,
  o: { bold?: boolean; italics?: boolean; align?: Align; width?: number; columnSpan?: number } = {},
) {
  return new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    columnSpan: o.columnSpan,
    children: [
      new Paragraph({
        alignment: o.align ?? AlignmentType.LEFT,
        children: [run(text, { bold: o.bold, italics: o.italics, size: 24 })],
      }),
    ],
  });
}

/**
 * Column widths in twips for a full-width table from percents. Word reads the cells' own widths,
 * but LibreOffice and other readers lay a table out by its grid: without one, columns come out equal.
 */
export function tableGrid(percents: readonly number[]): number[] {
  return percents.map((p) => Math.round((TEXT_WIDTH * p) / 100));
}

/** A full-width table without borders holding `columns` side by side (header block, signatures). */
export function sideBySide(columns: readonly { width?: number; children: Paragraph[] }[]) {
  const percents = columns.map((c) => c.width ?? 100 / columns.length);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: tableGrid(percents),
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: columns.map(
          (c) =>
            new TableCell({
              width: c.width ? { size: c.width, type: WidthType.PERCENTAGE } : undefined,
              borders: NO_BORDERS,
              // No padding: the columns' text may use the whole width (the motto fits on one line).
              margins: { left: 0, right: 0 },
              children: c.children,
            }),
        ),
      }),
    ],
  });
}

/** A line to fill in by hand: `label`, then dots up to the right margin (a dotted tab leader). */
export function blankLine(label = '', o: { indent?: boolean } = {}) {
  return new Paragraph({
    indent: o.indent ? { firstLine: Math.round(10 * MM) } : undefined,
    spacing: { after: 80, line: 300 },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
    children: [run(label), new TextRun({ font: FONT, size: SIZE, children: [new Tab()] })],
  });
}

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
  agencyName: string;
  issuer: string;
  symbol: string;
  place: string;
  now: Date;
}) {
  return sideBySide([
    {
      width: 42,
      children: [
        para(o.agencyName.toUpperCase(), { align: AlignmentType.CENTER, size: 24 }),
        para(o.issuer.toUpperCase(), { bold: true, align: AlignmentType.CENTER, size: 24 }),
        para(`Số:       /${o.symbol}`, { align: AlignmentType.CENTER }),
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
export function recipients(lines: readonly string[]): Paragraph[] {
  return [
    para('Nơi nhận:', { bold: true, italics: true, size: 24, align: AlignmentType.LEFT }),
    ...lines.map((line) => para(line, { size: 22, align: AlignmentType.LEFT })),
  ];
}

/**
 * A signature block: the signer's title (bold), how to sign (italic) and, when known, room to
 * sign above the signer's name.
 */
export function signature(title: string, note: string, signerName?: string): Paragraph[] {
  return [
    para(title, { bold: true, align: AlignmentType.CENTER }),
    para(note, { italics: true, align: AlignmentType.CENTER }),
    ...(signerName === undefined
      ? []
      : [para(''), para(''), para(''), para(signerName, { bold: true, align: AlignmentType.CENTER })]),
  ];
}

/** Page size and margins of an administrative document (A4 portrait, 20/20/30/15 mm). */
export const A4_SECTION_PROPERTIES: ISectionPropertiesOptions = {
  page: {
    size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
    margin: {
      top: Math.round(20 * MM),
      bottom: Math.round(20 * MM),
      left: Math.round(30 * MM),
      right: Math.round(15 * MM),
    },
  },
};

/** One A4 section in Times New Roman 13 pt holding `children`. */
export function adminDocument(o: { creator: string; title: string; children: (Paragraph | Table)[] }) {
  return new Document({
    creator: o.creator,
    title: o.title,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [{ properties: A4_SECTION_PROPERTIES, children: o.children }],
  });
}
