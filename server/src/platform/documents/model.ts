/**
 * A small model of an administrative document (Decree 30/2020/NĐ-CP layout): paragraphs, tables,
 * side-by-side blocks (agency and motto, signatures) and dotted lines to fill in. Each document is
 * built once as this model and rendered twice — to DOCX for editing (docx-render.ts) and to PDF
 * for signing and the portal (pdf-render.ts) — so the two never drift apart.
 */

export const AlignmentType = {
  LEFT: 'left',
  CENTER: 'center',
  RIGHT: 'right',
  JUSTIFIED: 'justify',
} as const;
export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

export interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
  /** Half-points (26 = 13 pt), as in Word. */
  size?: number;
  /** Line breaks before the text (a title on two lines). */
  breakBefore?: number;
}

export interface ParaBlock {
  type: 'para';
  runs: Run[];
  align: Align;
  /** 10 mm first-line indent. */
  indent: boolean;
}

/** A line to fill in by hand: the label, then dots to the right margin. */
export interface BlankBlock {
  type: 'blank';
  label: string;
  indent: boolean;
}

export interface Cell {
  runs: Run[];
  align: Align;
  columnSpan: number;
}

export interface Row {
  /** Repeated at the top of each page. */
  header: boolean;
  /** Kept on one page. */
  cantSplit: boolean;
  cells: Cell[];
}

export interface TableBlock {
  type: 'table';
  /** Column widths in percent of the text width. */
  widths: number[];
  rows: Row[];
}

export interface ColumnsBlock {
  type: 'columns';
  columns: { width: number; blocks: Block[] }[];
}

export interface PageBreakBlock {
  type: 'pageBreak';
}

export type Block = ParaBlock | BlankBlock | TableBlock | ColumnsBlock | PageBreakBlock;

export interface AdminDoc {
  creator: string;
  title: string;
  blocks: Block[];
}

/** Half-points: 13 pt, the body size of the decree's layout. */
export const SIZE = 26;
