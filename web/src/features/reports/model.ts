import type { ExportStatus } from '@cchc/domain/api/reports';
import type { Lang } from '../../lib/i18n';
import { translateReports } from './messages';

/** A job still waiting or running: its list is polled and its row shows a progress bar. */
export function isActive(status: ExportStatus): boolean {
  return status === 'PENDING' || status === 'RUNNING';
}

const SIZE_FORMAT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

/** A file size for people: '850 byte', '12,5 KB', '3,2 MB' (vi) — 1 KB = 1,024 bytes. */
export function formatSize(bytes: number, lang: Lang): string {
  const f = SIZE_FORMAT[lang];
  if (bytes < 1024) {
    return translateReports(lang, 'size.bytes', { value: f.format(bytes) });
  }
  if (bytes < 1024 * 1024) {
    return translateReports(lang, 'size.kb', { value: f.format(bytes / 1024) });
  }
  return translateReports(lang, 'size.mb', { value: f.format(bytes / (1024 * 1024)) });
}

/** One recipient per line in a TextArea: blank lines dropped, each line trimmed. */
export function splitLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function joinLines(lines: readonly string[]): string {
  return lines.join('\n');
}
