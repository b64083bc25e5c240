import type { JsonSchema } from '../tool/json-schema-types.js';

/**
 * The JSON Schema of a JSON joiner's reply when the answer has a schema, for the model's response format:
 * `{ thought?, action: 'finish' | 'replan', answer?, feedback? }` with `answer` of the answer's schema. The
 * answer schema's `$defs` and `definitions` move to the root, so that its `#/$defs/...` references still
 * resolve; its `$schema` goes (it names the draft of a root schema).
 *
 * @example
 * ```ts
 * joinerJsonSchema({ type: 'object', properties: { depthMeters: { type: 'number' } } });
 * // { type: 'object', properties: { thought, action, answer: { type: 'object', ... }, feedback }, required: ['action'] }
 * ```
 */
export function joinerJsonSchema(answer: JsonSchema): JsonSchema {
  const { $schema: _draft, $defs, definitions, ...shape } = answer as JsonSchema & { $defs?: unknown; definitions?: unknown };
  return {
    type: 'object',
    properties: {
      thought: { type: 'string' },
      action: { type: 'string', enum: ['finish', 'replan'] },
      answer: shape,
      feedback: { type: 'string' },
    },
    required: ['action'],
    ...($defs === undefined ? {} : { $defs }),
    ...(definitions === undefined ? {} : { definitions }),
  } as JsonSchema;
}
