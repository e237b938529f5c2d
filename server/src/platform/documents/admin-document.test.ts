import { describe, expect, it } from 'vitest';
import { unzip } from '../../modules/index-sets/xlsx/test-workbooks';
import { adminDocument, blankLine, cell, para, row, run, table } from './admin-document';
import { renderDocx } from './docx-render';

describe('administrative document text', () => {
  it('keeps NFC text and drops the characters XML forbids, so Word opens the file', async () => {
    // "Việt" typed as decomposed (NFD) letters, a vertical tab and a NUL pasted from elsewhere.
    const pasted = 'Vie\u0323\u0302t\u000bNam\u0000 — tab\tok';
    expect(run(pasted).text).toBe('Việt Nam — tab\tok'.replace(' Nam', 'Nam'));
    expect(blankLine('Địa\u000cđiểm: ')).toMatchObject({ label: 'Địađiểm: ' });
    const docx = await renderDocx(
      adminDocument({
        creator: 'x',
        title: 't',
        children: [para(pasted), table([100], [row([cell(`Ô\u0001 bảng`)])]), blankLine('Dòng\u000b ')],
      }),
    );
    const xml = (await unzip(docx)).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('ViệtNam — tab');
    expect(xml).toContain('Ô bảng');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids, looked for.
    expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)).toBe(false);
  });
});
