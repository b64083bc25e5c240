import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { describeNonTool } from '../tool/describe-non-tool.js';
import { isTool } from '../tool/is-tool.js';
import type { AnyTool } from '../tool/tool.js';

/** Tools as a plan parser accepts them: a list, or an object keyed by name. */
export type ToolSet = readonly AnyTool[] | { readonly [name: string]: AnyTool } | ReadonlyMap<string, AnyTool>;

const expectedSet = 'a list, an object or a Map of tools';
const expectedTool = 'a tool made by `tool()`';

/**
 * Indexes tools by name.
 *
 * @throws {ToolDefinitionError} when `tools` is not a list, an object or a Map of tools; when an entry is not
 * a tool (a LangChain or AI SDK tool, an MCP tool definition, the options of `tool()`: the message says
 * which, and how to make it one, naming the entry as `tools[3]` or `tools.search`); when two tools share a
 * name; or when a key differs from its tool's name.
 */
export function toToolMap(tools: ToolSet): ReadonlyMap<string, AnyTool> {
  const entries = entriesOf(tools);
  const map = new Map<string, AnyTool>();
  for (const [option, key, tool] of entries) {
    if (!isTool(tool)) {
      const { got, reason } = describeNonTool(tool);
      throw new ToolDefinitionError({ option, expected: expectedTool, received: tool, got, reason });
    }
    if (key !== undefined && key !== tool.name) {
      throw new ToolDefinitionError({ option, expected: `the key of tool \`${tool.name}\`, its name`, received: key, got: `\`${key}\`` });
    }
    if (map.has(tool.name)) {
      throw new ToolDefinitionError({ option: 'tools', expected: 'tools with unique names', received: tools, got: `\`${tool.name}\` twice` });
    }
    map.set(tool.name, tool);
  }
  // A map that was right is returned as it is: the run passes its own map to every round's parser.
  return tools instanceof Map && map.size === tools.size ? (tools as ReadonlyMap<string, AnyTool>) : map;
}

/** Each entry as `[option, key, value]`: `['tools[0]', undefined, …]`, `['tools.search', 'search', …]`. */
function entriesOf(tools: unknown): [string, string | undefined, unknown][] {
  if (Array.isArray(tools)) return tools.map((tool: unknown, index) => [`tools[${index}]`, undefined, tool]);
  if (tools instanceof Map) return [...(tools as Map<unknown, unknown>)].map(([key, tool]) => [`tools.get(${describeKey(key)})`, String(key), tool]);
  if (typeof tools !== 'object' || tools === null) throw new ToolDefinitionError({ option: 'tools', expected: expectedSet, received: tools });
  if (isTool(tools)) {
    throw new ToolDefinitionError({
      option: 'tools',
      expected: expectedSet,
      received: tools,
      got: `one tool (\`${tools.name}\`)`,
      reason: `put it in a list: \`tools: [${tools.name}]\``,
    });
  }
  return Object.entries(tools).map(([key, tool]) => [`tools.${key}`, key, tool]);
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : String(key);
}
