/**
 * Characters a spreadsheet reads as the start of a formula (OWASP, "CSV injection"); tab
 * and carriage return too, as some spreadsheets drop them and read what follows.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Characters that need the field quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: a value that a spreadsheet would read as a formula gets a leading `'`, so
 * it stays text; a value with a comma, quote or line break is quoted, its quotes doubled.
 * Numbers are written as they are, so a negative figure stays a number.
 *
 * @public
 */
export function csvField(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document, header first, lines ended by CRLF as RFC 4180 says.
 *
 * @public
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  return [header, ...rows]
    .map(row => row.map(csvField).join(','))
    .map(line => `${line}\r\n`)
    .join('');
}
