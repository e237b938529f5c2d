import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { AdminDoc, Block, Run } from './model';
import { SIZE } from './model';

/**
 * The document as PDF, from the same model as the DOCX, with pdfmake (pure JavaScript: no office
 * suite on the server). Times New Roman is not free to ship, so the text is set in Tinos — the
 * free font designed metric-compatible with it (same widths, so lines and pages break alike) and
 * covering Vietnamese — embedded as a subset, with a Unicode map so that copying or `pdftotext`
 * gives back the exact NFC text.
 */

const require = createRequire(import.meta.url);
const fontFile = (style: string) => require.resolve(`@expo-google-fonts/tinos/${style}/Tinos_${style}.ttf`);
const FONTS = {
  Tinos: {
    normal: fontFile('400Regular'),
    bold: fontFile('700Bold'),
    italics: fontFile('400Regular_Italic'),
    bolditalics: fontFile('700Bold_Italic'),
  },
};
const FONT_DIR = path.dirname(path.dirname(FONTS.Tinos.normal));

pdfmake.setFonts(FONTS);
// The documents embed no images or URLs: pdfmake may read the font files and nothing else.
pdfmake.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(FONT_DIR + path.sep));
pdfmake.setUrlAccessPolicy(() => false);

/** Points per millimetre. */
const MM = 72 / 25.4;

// biome-ignore lint/suspicious/noExplicitAny: pdfmake's document definition is plain JSON.
type Content = any;

function inline(r: Run): Content {
  return {
    text: `${'\n'.repeat(r.breakBefore ?? 0)}${r.text}`,
    bold: r.bold ?? false,
    italics: r.italics ?? false,
    fontSize: (r.size ?? SIZE) / 2,
  };
}

const thinLines = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

function content(list: readonly Block[]): Content[] {
  return list.map(block);
}

function block(b: Block): Content {
  switch (b.type) {
    case 'para':
      return {
        // An empty paragraph still takes a line (spacing, as in the DOCX).
        text: b.runs.length === 0 || b.runs.every((r) => r.text === '') ? ' ' : b.runs.map(inline),
        alignment: b.align,
        leadingIndent: b.indent ? 10 * MM : 0,
        lineHeight: 1.15,
        margin: [0, 0, 0, 4],
      };
    case 'blank':
      // The label over a dotted rule to the right margin: a line to fill in by hand.
      return {
        table: { widths: ['*'], body: [[{ text: b.label || ' ', leadingIndent: b.indent ? 10 * MM : 0 }]] },
        layout: {
          hLineWidth: (i: number) => (i === 1 ? 0.7 : 0),
          vLineWidth: () => 0,
          hLineStyle: () => ({ dash: { length: 1, space: 2 } }),
          paddingLeft: () => 0,
          paddingRight: () => 0,
        },
        margin: [0, 0, 0, 6],
      };
    case 'pageBreak':
      return { text: '', pageBreak: 'after' };
    case 'table': {
      let headerRows = 0;
      while (headerRows < b.rows.length && b.rows[headerRows]!.header) {
        headerRows++;
      }
      const body = b.rows.map((r) =>
        r.cells.flatMap((c) => [
          {
            text: c.runs.map(inline),
            alignment: c.align,
            colSpan: c.columnSpan > 1 ? c.columnSpan : undefined,
          },
          // pdfmake wants a placeholder for each column a cell spans.
          ...Array.from({ length: c.columnSpan - 1 }, () => ({})),
        ]),
      );
      return {
        table: {
          headerRows,
          // A header row is never left alone at the bottom of a page.
          keepWithHeaderRows: headerRows > 0 ? 1 : 0,
          dontBreakRows: b.rows.some((r) => r.cantSplit),
          widths: b.widths.map((w) => `${w}%`),
          body,
        },
        layout: thinLines,
        margin: [0, 2, 0, 6],
      };
    }
    case 'columns':
      return {
        columns: b.columns.map((c) => ({ width: `${c.width}%`, stack: content(c.blocks) })),
        columnGap: 0,
      };
  }
}

/** A4 portrait, margins 20/20/30/15 mm, 13 pt, page numbers centred at the top from page 2. */
export function renderPdf(doc: AdminDoc): Promise<Buffer> {
  const definition = {
    pageSize: 'A4',
    pageMargins: [30 * MM, 20 * MM, 15 * MM, 20 * MM],
    info: { title: doc.title, author: doc.creator, creator: doc.creator },
    defaultStyle: { font: 'Tinos', fontSize: SIZE / 2 },
    header: (page: number) =>
      page > 1
        ? { text: String(page), alignment: 'center', fontSize: SIZE / 2, margin: [0, 10 * MM, 0, 0] }
        : null,
    content: content(doc.blocks),
  };
  return pdfmake.createPdf(definition).getBuffer();
}
