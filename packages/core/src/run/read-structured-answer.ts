import type { Schema } from '../tool/schema.js';
import { describeError } from '../util/describe-error.js';
import type { SchemaIssue } from '../util/schema-issue.js';

/** What {@link readStructuredAnswer} made of an answer: the schema's output and the JSON text, or the issues. */
export type StructuredAnswer =
  | { readonly success: true; readonly value: unknown; readonly json: string }
  | { readonly success: false; readonly issues: readonly SchemaIssue[] };

const FENCE_LINE = /^[ \t]*```[^\n`]*$/gm;

/**
 * Reads the joiner's answer as JSON and validates it against the run's answer schema. Fence lines around the
 * JSON are dropped. Text that is not JSON, or JSON the schema refuses, is also tried as a string, for schemas
 * of a string (`Finish(Paris)` for `z.string()`, where a quoted answer has lost its quotes).
 *
 * `json` is the answer's JSON text as the joiner wrote it, compact (before the schema's transforms): what the
 * conversation's assistant message holds.
 *
 * @example
 * ```ts
 * await readStructuredAnswer('{"depthMeters": 10994}', asSchema(z.object({ depthMeters: z.number() })));
 * // { success: true, value: { depthMeters: 10994 }, json: '{"depthMeters":10994}' }
 * ```
 */
export async function readStructuredAnswer(text: string, schema: Schema<unknown>): Promise<StructuredAnswer> {
  const written = text.replace(FENCE_LINE, '').trim();
  let parsed: { readonly value: unknown } | { readonly error: unknown };
  try {
    parsed = { value: JSON.parse(written) as unknown };
  } catch (error) {
    parsed = { error };
  }
  if ('value' in parsed) {
    const result = await schema.validate(parsed.value);
    if (result.success) return { success: true, value: result.value, json: JSON.stringify(parsed.value) };
    if (typeof parsed.value === 'string') return result;
    const asText = await schema.validate(written);
    return asText.success ? { success: true, value: asText.value, json: JSON.stringify(written) } : result;
  }
  const asText = await schema.validate(written);
  if (asText.success) return { success: true, value: asText.value, json: JSON.stringify(written) };
  return { success: false, issues: [{ path: [], message: `expected JSON, got text that is not JSON (${describeError(parsed.error)})` }] };
}
