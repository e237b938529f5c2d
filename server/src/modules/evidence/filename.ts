/**
 * Upload names are untrusted text. The stored name is never used as a path (blobs are stored
 * by SHA-256): it is only shown in lists and sent back in Content-Disposition. Still, it is
 * cleaned so that it cannot smuggle a path, a control character or a bidi override (the
 * "invoice‮fdp.exe" trick) into a user's download dialog.
 */

export const FILENAME_MAX = 200;
const FALLBACK_NAME = 'tep-dinh-kem';

// C0/C1 controls, and the Unicode format characters that reorder or hide text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Reserved on Windows; a download dialog would replace them anyway.
const RESERVED_CHARS = /[<>:"|?*]/g;

/** The last path component, NFC, without controls or reserved characters, at most 200 characters. */
export function sanitizeFilename(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '');
  // Both separators: a name from Windows ("C:\x\y.pdf") or a crafted "../../etc/passwd".
  const parts = name.split(/[\\/]/);
  name = (parts[parts.length - 1] ?? '').replace(RESERVED_CHARS, '_').trim();
  // Leading dots would make a hidden file on download ("..", ".htaccess"); trailing dots and
  // spaces are dropped by Windows anyway.
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name === '') {
    return FALLBACK_NAME;
  }
  const chars = Array.from(name);
  if (chars.length <= FILENAME_MAX) {
    return name;
  }
  // Keep a short extension so that the file still opens with the right program.
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 0 && ext.length <= 10) {
    const base = Array.from(name.slice(0, dot)).slice(0, FILENAME_MAX - ext.length);
    return base.join('').trimEnd() + ext.join('');
  }
  return chars.slice(0, FILENAME_MAX).join('').trimEnd();
}

/** An ASCII rendering for the plain `filename=` parameter (old clients): no diacritics, no quotes. */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return ascii.trim() === '' ? FALLBACK_NAME : ascii;
}

/** RFC 8187 (ex-5987) value-chars: encodeURIComponent leaves ' ( ) * ! which must be escaped too. */
function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` (or `inline; …`). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  return `${kind}; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}
