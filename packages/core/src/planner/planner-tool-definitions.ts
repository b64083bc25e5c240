import type { ModelToolDefinition } from '../model/language-model.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import { renderJsonSchemaType } from '../tool/render-type.js';
import type { AnyTool } from '../tool/tool.js';

/** The definition of the `join` tool, which ends a plan written as native tool calls. */
const JOIN_DEFINITION: ModelToolDefinition = Object.freeze({
  name: 'join',
  description: 'Ends the plan. Call it once, as the last call, after every other tool call. It takes no arguments.',
  parameters: Object.freeze({ type: 'object', properties: {}, additionalProperties: false }) as JsonSchema,
});

/** The `join` tool of a plan that may state its answer. */
const JOIN_WITH_ANSWER_DEFINITION: ModelToolDefinition = Object.freeze({
  name: 'join',
  description:
    'Ends the plan. Call it once, as the last call, after every other tool call. Give `answer` only when the answer will be exactly ' +
    'the result of a task or a short sentence around results, written with `$N` references.',
  parameters: Object.freeze({
    type: 'object',
    properties: Object.freeze({
      answer: Object.freeze({ type: 'string', description: 'The answer for the user, e.g. "The Eiffel Tower is $3 meters taller."' }),
    }),
    additionalProperties: false,
  }) as JsonSchema,
});

/**
 * The tools as a model with native tool calling is shown them when it plans in the `'tool-calls'` format:
 * each tool's name, description and input JSON Schema (without its top-level `$schema`, which some
 * providers refuse), then a `join` tool that ends the plan: without parameters, or with an optional `answer`
 * when `answerInPlan` (see `planner.answerInPlan`). A tool with an output
 * schema gets its output type appended to the description (`Returns: { depth: number }`), so the model
 * knows which fields a `"$1.depth"` reference can read.
 *
 * Arguments of a plan may hold reference strings (`"$1"`) where the schema asks for other types, so these
 * definitions are meant for non-strict tool calling.
 *
 * @throws {ToolDefinitionError} when a tool's schema cannot be turned into JSON Schema.
 *
 * @example
 * ```ts
 * model.stream({ messages: createPlannerMessages({ question, tools, format: 'tool-calls' }), tools: plannerToolDefinitions(tools) });
 * ```
 */
export function plannerToolDefinitions(tools: readonly AnyTool[], options: { readonly answerInPlan?: boolean | undefined } = {}): ModelToolDefinition[] {
  const definitions = tools.map((tool): ModelToolDefinition => {
    const { $schema: _dialect, ...parameters } = tool.inputSchema.jsonSchema();
    const description = tool.description.trim();
    const returns = tool.outputSchema === undefined ? '' : `Returns: ${renderJsonSchemaType(tool.outputSchema.jsonSchema())}`;
    return {
      name: tool.name,
      description: [description, returns].filter((part) => part !== '').join('\n'),
      parameters,
    };
  });
  return [...definitions, options.answerInPlan === true ? JOIN_WITH_ANSWER_DEFINITION : JOIN_DEFINITION];
}
