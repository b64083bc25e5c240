import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import type { AnyTool } from '../tool/tool.js';

/** Tools as a plan parser accepts them: a list, or an object keyed by name. */
export type ToolSet = readonly AnyTool[] | { readonly [name: string]: AnyTool } | ReadonlyMap<string, AnyTool>;

/**
 * Indexes tools by name.
 *
 * @throws {ToolDefinitionError} when two tools share a name, or a key of a tool object differs from the
 * tool's own name.
 */
export function toToolMap(tools: ToolSet): ReadonlyMap<string, AnyTool> {
  if (tools instanceof Map) return tools;
  const map = new Map<string, AnyTool>();
  const entries: [string | undefined, AnyTool][] = Array.isArray(tools)
    ? tools.map((tool: AnyTool) => [undefined, tool])
    : Object.entries(tools as { readonly [name: string]: AnyTool });
  for (const [key, tool] of entries) {
    if (key !== undefined && key !== tool.name) {
      throw new ToolDefinitionError({ option: `tools.${key}`, expected: `the key of tool \`${tool.name}\`, its name`, received: key, got: `\`${key}\`` });
    }
    if (map.has(tool.name)) {
      throw new ToolDefinitionError({ option: 'tools', expected: 'tools with unique names', received: tools, got: `\`${tool.name}\` twice` });
    }
    map.set(tool.name, tool);
  }
  return map;
}
