const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `text` safe inside HTML text and inside a quoted attribute value: `& < > " '` as entities. Everything a
 * trace shows of a run (questions, plans, tool inputs and outputs, errors) goes through it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => replacements[character]!);
}
