/** How much of a model's answer an error message quotes. */
const MAX_QUOTED = 200;

/**
 * Quotes a model's answer for an error message: as a JSON string (so newlines show as `\n`), cut to its
 * first 200 characters with the number of characters left out.
 */
export function quoteForError(text: string): string {
  if (text.trim() === '') return `an empty answer (${JSON.stringify(text)})`;
  if (text.length <= MAX_QUOTED) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_QUOTED))} (and ${text.length - MAX_QUOTED} more characters)`;
}
