import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docx, ELF, EXE, JPEG, ole, PDF, PNG, xlsx, zip } from './evidence-fixtures';
import { asciiFallback, contentDisposition, sanitizeFilename } from './filename';
import { MIME, magicOf, sniffFile, ZIP_MAX_ENTRIES } from './sniff';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function sniff(data: Buffer, maxBytes = 1024 * 1024) {
  const file = path.join(dir, `f${n++}`);
  fs.writeFileSync(file, data);
  return sniffFile(file, { sizeBytes: data.length, maxBytes });
}
const mimeOf = async (data: Buffer) => {
  const r = await sniff(data);
  return r.ok ? r.mimeType : null;
};

describe('sniffFile: type by content', () => {
  it('recognises each allowed type', async () => {
    expect(await mimeOf(PDF)).toBe(MIME.pdf);
    expect(await mimeOf(PNG)).toBe(MIME.png);
    expect(await mimeOf(JPEG)).toBe(MIME.jpeg);
    expect(await mimeOf(docx())).toBe(MIME.docx);
    expect(await mimeOf(xlsx())).toBe(MIME.xlsx);
    expect(await mimeOf(ole(['WordDocument', '\u0001CompObj']))).toBe(MIME.doc);
    expect(await mimeOf(ole(['Workbook']))).toBe(MIME.xls);
    expect(await mimeOf(ole(['Book']))).toBe(MIME.xls);
  });

  it('refuses executables, text, and compound files that are not Word or Excel', async () => {
    expect(await mimeOf(EXE)).toBeNull();
    expect(await mimeOf(ELF)).toBeNull();
    expect(await mimeOf(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(await mimeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    // An .msi is a compound file too; so is a password-protected .docx.
    expect(await mimeOf(ole(['\u0005SummaryInformation', 'Foo']))).toBeNull();
    expect(await mimeOf(ole(['EncryptedPackage', 'WordDocument']))).toBeNull();
    // A truncated compound file.
    expect(await mimeOf(ole(['WordDocument']).subarray(0, 700))).toBeNull();
    expect(magicOf(Buffer.alloc(0))).toBeNull();
  });

  it('accepts a ZIP of allowed files, one level deep only', async () => {
    const plain = zip([
      { name: 'bao-cao.pdf', data: PDF, deflate: true },
      { name: 'anh/chup.png', data: PNG },
      { name: 'anh/', data: Buffer.alloc(0) },
      { name: 'cu.doc', data: ole(['WordDocument']), deflate: true },
    ]);
    expect(await mimeOf(plain)).toBe(MIME.zip);
    expect(
      await mimeOf(
        zip([
          { name: 'a.pdf', data: PDF },
          { name: 'x.exe', data: EXE },
        ]),
      ),
    ).toBeNull();
    expect(await mimeOf(zip([{ name: 'inner.zip', data: plain }]))).toBeNull();
    // Zipped Word and Excel files are what units send: allowed, but checked one level down.
    expect(
      await mimeOf(
        zip([
          { name: 'report.docx', data: docx() },
          { name: 'bang.xlsx', data: xlsx() },
        ]),
      ),
    ).toBe(MIME.zip);
    expect(await mimeOf(zip([{ name: 'fake.docx', data: zip([{ name: 'a.pdf', data: PDF }]) }]))).toBeNull();
    expect(
      await mimeOf(zip([{ name: 'deep.zip', data: zip([{ name: 'r.docx', data: docx() }]) }])),
    ).toBeNull();
    expect(await mimeOf(zip([]))).toBeNull();
    expect(await mimeOf(zip([{ name: '../../evil.pdf', data: PDF }]))).toBeNull();
  });

  it('guards against ZIP bombs: entry count, declared size, lying sizes', async () => {
    const many = zip(
      Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i) => ({ name: `${i}.pdf`, data: PDF })),
    );
    expect(await mimeOf(many)).toBeNull();
    // 11 MB of zeros deflate to a few KB: over 10× a 1 MB limit.
    const bomb = zip([{ name: 'zeros.pdf', data: Buffer.alloc(11 * 1024 * 1024), deflate: true }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await sniff(bomb, 1024 * 1024)).ok).toBe(false);
    expect((await sniff(bomb, 2 * 1024 * 1024)).ok).toBe(false); // zeros are not a PDF either
    // The same for a DOCX: the guard applies to every ZIP container.
    const fatDocx = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.alloc(11 * 1024 * 1024, 0x20), deflate: true },
    ]);
    expect((await sniff(fatDocx, 1024 * 1024)).ok).toBe(false);
    expect(await mimeOf(fatDocx)).toBe(null);
    expect((await sniff(fatDocx, 2 * 1024 * 1024)).ok).toBe(true);
    // The directory says 10 bytes but the entry inflates to far more: yauzl stops it.
    const liar = zip([
      { name: 'a.pdf', data: Buffer.concat([PDF, Buffer.alloc(100_000)]), deflate: true, declaredSize: 10 },
    ]);
    expect(await mimeOf(liar)).toBeNull();
  });
});

describe('file names', () => {
  it('keeps only the last path component, cleaned', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\x\\y\\Báo cáo.pdf')).toBe('Báo cáo.pdf');
    expect(sanitizeFilename('..')).toBe('tep-dinh-kem');
    expect(sanitizeFilename('')).toBe('tep-dinh-kem');
    expect(sanitizeFilename('a\u0000b\r\nc.pdf')).toBe('abc.pdf');
    // Right-to-left override: "hoa-don‮fdp.exe" would display as "hoa-donexe.pdf".
    expect(sanitizeFilename('hoa-don\u202efdp.exe')).toBe('hoa-donfdp.exe');
    expect(sanitizeFilename('a"b<c>.pdf')).toBe('a_b_c_.pdf');
    expect(sanitizeFilename('.htaccess')).toBe('htaccess');
  });

  it('is NFC and at most 200 characters, keeping the extension', () => {
    const decomposed = 'Quyết định'.normalize('NFD');
    expect(sanitizeFilename(`${decomposed}.pdf`)).toBe('Quyết định.pdf');
    const long = sanitizeFilename(`${'ễ'.repeat(300)}.docx`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
    expect(Array.from(sanitizeFilename('x'.repeat(500)))).toHaveLength(200);
  });

  it('builds Content-Disposition with an ASCII fallback and RFC 5987 UTF-8 name', () => {
    expect(asciiFallback('Đề án "cải cách".pdf')).toBe('De an _cai cach_.pdf');
    expect(contentDisposition('attachment', "Báo cáo (1)'.pdf")).toBe(
      `attachment; filename="Bao cao (1)'.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%281%29%27.pdf`,
    );
  });
});
