import type { AnyTool } from './tool.js';
import { toolParameters } from './tool-parameters.js';
import { renderJsonSchemaType } from './render-type.js';

/**
 * Renders a tool as a one-line signature for the planner prompt: its name, its parameters in order with
 * their types (an optional one marked `?`), and the output type when the tool has an output schema. Types
 * are rendered TypeScript-like by `renderJsonSchemaType`.
 *
 * @throws {ToolDefinitionError} when the input schema is not an object schema (see {@link toolParameters}).
 *
 * @example
 * ```ts
 * renderToolSignature(search); // 'search(query: string) -> string'
 * renderToolSignature(math);   // 'math(problem: string, context?: string[]) -> number'
 * ```
 */
export function renderToolSignature(tool: AnyTool): string {
  const parameters = toolParameters(tool)
    .map(({ name, required, schema }) => `${name}${required ? '' : '?'}: ${renderJsonSchemaType(schema)}`)
    .join(', ');
  const output = tool.outputSchema === undefined ? '' : ` -> ${renderJsonSchemaType(tool.outputSchema.jsonSchema())}`;
  return `${tool.name}(${parameters})${output}`;
}

/**
 * Renders a tool for the planner prompt: the signature line, the description, then one line per parameter
 * whose JSON Schema has a `description` (whitespace collapsed, so each stays on one line).
 *
 * @example
 * ```ts
 * renderToolDescription(search);
 * // search(query: string) -> string
 * // Search Wikipedia for an entity; returns the first paragraph.
 * //   - query: the text to search for
 * ```
 */
export function renderToolDescription(tool: AnyTool): string {
  const lines = [renderToolSignature(tool)];
  const description = tool.description.trim();
  if (description !== '') lines.push(description);
  for (const { name, schema } of toolParameters(tool)) {
    const text = typeof schema.description === 'string' ? schema.description.replace(/\s+/g, ' ').trim() : '';
    if (text !== '') lines.push(`  - ${name}: ${text}`);
  }
  return lines.join('\n');
}
