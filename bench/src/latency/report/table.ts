/** GitHub tables for the report. */

/** A GitHub table; the columns from `firstNumeric` on are right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], firstNumeric: number): string {
  const align = header.map((_, index) => (index >= firstNumeric ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`).join('\n');
}

/** A cell must stay on one line and must not end early at a `|`. */
function escapeCell(text: string): string {
  return oneLine(text).replaceAll('|', '\\|');
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
