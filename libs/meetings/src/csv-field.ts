/**
 * Starts that make Excel, LibreOffice or Google Sheets read a CSV cell as a formula
 * (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)`): OWASP's list (= + - @ tab CR), also after
 * leading spaces (LibreOffice may trim them), and the full-width forms some Excel locales
 * turn into the ASCII ones.
 */
const FORMULA_START = /^[\t\r]|^ *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV field, RFC 4180 quoted, safe to open in a spreadsheet.
 *
 * Text that starts like a formula is neutralised as OWASP advises ("CSV Injection"): a single
 * quote is put before it and the field is quoted, so a spreadsheet shows it as text and
 * nothing runs. A plan number or a title is text whatever it looks like (`-12/KH` is a
 * number of a document, not minus twelve). Only numbers we write as numbers (counts, row
 * numbers) are passed as `number` and written as they are: a negative count would stay a
 * number, which is what it is.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`csvField: not a finite number: ${value}`);
    return String(value);
  }
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
