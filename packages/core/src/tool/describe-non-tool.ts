import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';

/** How a message describes a value given as a tool that is not one, and what makes it one. */
export interface NonToolDescription {
  readonly got: string;
  readonly reason: string;
}

const defineIt = 'define it with `tool()` from `@llmcompiler/core`';

/**
 * Recognises what was given in place of a tool (a LangChain tool, an AI SDK tool, an MCP or OpenAI tool
 * definition, the options of `tool()` that were never passed to it) and says how to make it a tool: the
 * adapter package when one exists, else `tool()`.
 *
 * @example
 * ```ts
 * describeNonTool(langChainWeatherTool);
 * // { got: 'a LangChain tool (`weather`)', reason: 'convert it with `fromLangChainTool(tool)` from `@llmcompiler/langchain`' }
 * ```
 */
export function describeNonTool(value: unknown): NonToolDescription {
  if (typeof value !== 'object' || value === null) return { got: describeValue(value), reason: defineIt };
  const record = value as Record<string, unknown>;
  const named = typeof record['name'] === 'string' ? ` (\`${record['name']}\`)` : '';
  if (typeof record['invoke'] === 'function' && Array.isArray(record['lc_namespace'])) {
    return { got: `a LangChain tool${named}`, reason: 'convert it with `fromLangChainTool(tool)` from `@llmcompiler/langchain`' };
  }
  if (typeof record['execute'] === 'function' && 'input' in record && named !== '') {
    return { got: `the options of a tool${named}, not a tool`, reason: 'pass them to `tool()` from `@llmcompiler/core`' };
  }
  if (record['type'] === 'function' && isPlainObject(record['function'])) {
    const name = record['function']['name'];
    const openAiNamed = typeof name === 'string' ? ` (\`${name}\`)` : '';
    return { got: `an OpenAI tool definition${openAiNamed}, which has no \`execute\``, reason: `${defineIt}, with an \`execute\` that runs it` };
  }
  if (named !== '' && isPlainObject(record['inputSchema']) && typeof record['execute'] !== 'function') {
    return {
      got: `an MCP tool definition${named}, which has no \`execute\``,
      reason: `${defineIt}, with an \`execute\` that calls the MCP server's \`callTool\``,
    };
  }
  if ('inputSchema' in record || ('parameters' in record && 'description' in record)) {
    return {
      got: `an AI SDK tool${named}`,
      reason: `${defineIt}: \`tool({ name, description, input, execute })\` with its input schema and \`execute\``,
    };
  }
  return { got: describeValue(value), reason: defineIt };
}
