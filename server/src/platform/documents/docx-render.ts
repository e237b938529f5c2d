import {
  BorderStyle,
  Document,
  AlignmentType as DocxAlign,
  Footer,
  Header,
  LeaderType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import type { AdminDoc, Align, Block, Run } from './model';
import { SIZE } from './model';

/** Twips per millimetre. */
const MM = 56.7;
/** Word's font; the PDF uses Tinos, its metric-compatible free twin (pdf-render.ts). */
const FONT = 'Times New Roman';
/** Width of the text between the margins, in twips (210 mm less 30 mm and 15 mm). */
const TEXT_WIDTH = Math.round((210 - 30 - 15) * MM);
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER } as const;

const ALIGN: Record<Align, (typeof DocxAlign)[keyof typeof DocxAlign]> = {
  left: DocxAlign.LEFT,
  center: DocxAlign.CENTER,
  right: DocxAlign.RIGHT,
  justify: DocxAlign.JUSTIFIED,
};

const textRun = (r: Run) =>
  new TextRun({
    text: r.text,
    font: FONT,
    size: r.size ?? SIZE,
    bold: r.bold,
    italics: r.italics,
    break: r.breakBefore,
  });

/**
 * Column widths in twips from percents of `width`. Word reads the cells' own widths, but
 * LibreOffice and other readers lay a table out by its grid: without one, columns come out equal.
 */
const grid = (percents: readonly number[], width: number) =>
  percents.map((p) => Math.round((width * p) / 100));

function blocks(list: readonly Block[], width: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of list) {
    switch (b.type) {
      case 'para':
        out.push(
          new Paragraph({
            alignment: ALIGN[b.align],
            indent: b.indent ? { firstLine: Math.round(10 * MM) } : undefined,
            spacing: { after: 80, line: 300 },
            children: b.runs.map(textRun),
          }),
        );
        break;
      case 'blank':
        out.push(
          new Paragraph({
            indent: b.indent ? { firstLine: Math.round(10 * MM) } : undefined,
            spacing: { after: 80, line: 300 },
            tabStops: [{ type: TabStopType.RIGHT, position: width, leader: LeaderType.DOT }],
            children: [
              textRun({ text: b.label }),
              new TextRun({ font: FONT, size: SIZE, children: [new Tab()] }),
            ],
          }),
        );
        break;
      case 'pageBreak':
        out.push(new Paragraph({ pageBreakBefore: true, children: [] }));
        break;
      case 'table':
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: grid(b.widths, width),
            rows: b.rows.map(
              (r, ri) =>
                new TableRow({
                  tableHeader: r.header,
                  cantSplit: r.cantSplit,
                  children: (() => {
                    let col = 0;
                    return r.cells.map((c) => {
                      const span = c.columnSpan;
                      const pct = b.widths.slice(col, col + span).reduce((x, y) => x + y, 0);
                      col += span;
                      return new TableCell({
                        // The first row carries the widths (Word); the grid carries them for others.
                        width: ri === 0 ? { size: pct, type: WidthType.PERCENTAGE } : undefined,
                        columnSpan: span > 1 ? span : undefined,
                        children: [
                          new Paragraph({ alignment: ALIGN[c.align], children: c.runs.map(textRun) }),
                        ],
                      });
                    });
                  })(),
                }),
            ),
          }),
        );
        break;
      case 'columns': {
        const widths = b.columns.map((c) => c.width);
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: grid(widths, width),
            borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
            rows: [
              new TableRow({
                children: b.columns.map(
                  (c) =>
                    new TableCell({
                      width: { size: c.width, type: WidthType.PERCENTAGE },
                      borders: NO_BORDERS,
                      // No padding: the columns' text may use the whole width (the motto fits on one line).
                      margins: { left: 0, right: 0 },
                      children: (() => {
                        const inner = blocks(c.blocks, Math.round((width * c.width) / 100));
                        // A cell must end with a paragraph.
                        return inner.length === 0 || inner.at(-1) instanceof Table
                          ? [...inner, new Paragraph({ children: [] })]
                          : inner;
                      })(),
                    }),
                ),
              }),
            ],
          }),
        );
        break;
      }
    }
  }
  return out;
}

/**
 * The document as DOCX: A4 portrait, margins 20/20/30/15 mm, Times New Roman 13 pt, page numbers
 * centred at the top from the second page (Decree 30/2020/NĐ-CP, appendix I).
 */
export function renderDocx(doc: AdminDoc): Promise<Buffer> {
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: DocxAlign.CENTER,
        children: [new TextRun({ font: FONT, size: SIZE, children: [PageNumber.CURRENT] })],
      }),
    ],
  });
  const document = new Document({
    creator: doc.creator,
    title: doc.title,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(20 * MM),
              bottom: Math.round(20 * MM),
              left: Math.round(30 * MM),
              right: Math.round(15 * MM),
            },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        footers: { first: new Footer({ children: [] }) },
        children: blocks(doc.blocks, TEXT_WIDTH),
      },
    ],
  });
  return Packer.toBuffer(document);
}
