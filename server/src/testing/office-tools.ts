import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The tools a clerk's machine has, driven from tests (issue 7): LibreOffice converts a DOCX to
 * PDF headless (proof that it opens), poppler extracts a PDF's text and lists its fonts.
 * global-setup.ts decides whether they are present (`officeTools`).
 */

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-office-'));
}

/** The PDF's text as pdftotext extracts it (UTF-8, layout kept), normalised to NFC. */
export function pdfText(pdf: Buffer): string {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { timeout: 60_000 })
      .toString('utf8')
      .normalize('NFC');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** pdffonts' table: one row per font with whether it is embedded. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const out = execFileSync('pdffonts', [file], { timeout: 60_000 }).toString('utf8');
    return out
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        // name type… encoding emb sub uni object ID: emb is the fifth column from the end.
        return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
      });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Page count of a PDF (pdfinfo is not needed: pdftotext marks pages with form feeds). */
export function pdfPages(pdf: Buffer): number {
  return pdfText(pdf)
    .split('\f')
    .filter((p) => p.trim() !== '').length;
}

/**
 * Converts documents with LibreOffice headless (its own profile directory, so runs never share
 * one) and returns the PDFs by input name; throws when LibreOffice cannot open one.
 */
export function officeToPdf(files: Record<string, Buffer>): Record<string, Buffer> {
  const dir = tempDir();
  try {
    const inputs = Object.entries(files).map(([name, data]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, data);
      return file;
    });
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        path.join(dir, 'out'),
        ...inputs,
      ],
      { timeout: 180_000, stdio: 'pipe' },
    );
    return Object.fromEntries(
      Object.keys(files).map((name) => [
        name,
        fs.readFileSync(path.join(dir, 'out', `${path.parse(name).name}.pdf`)),
      ]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page as PNG (pdftoppm), for a test to leave beside its output for a human to look at. */
export function firstPagePng(pdf: Buffer, outFile: string): void {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync(
      'pdftoppm',
      ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, outFile.replace(/\.png$/, '')],
      {
        timeout: 60_000,
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
