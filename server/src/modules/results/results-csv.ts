/**
 * CSV of results (RFC 4180): comma-separated, CRLF line ends, UTF-8 with a byte-order mark so that
 * spreadsheet programs read the Vietnamese names; numbers with a dot decimal point (open-data
 * convention, machine-readable); cells that a spreadsheet would run as a formula are prefixed with
 * an apostrophe (CSV injection).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  let text = String(value);
  // A negative decimal ("-3.00") is a number, not a formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Hundredths → "8.75" (two decimals, dot). */
export function decimal2(h: number | null): string | null {
  if (h === null) {
    return null;
  }
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
