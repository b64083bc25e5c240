import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyTool } from '@llmcompiler/core';
import { describeValue } from '@llmcompiler/core/internal';
import type { MCPConnection } from '@llmcompiler/mcp';
import { ToolLoadError } from './errors/tool-load-error.js';
import type { MCPServerSpec } from './parse-command-line.js';

/**
 * The tools of a module: its default export or its named export `tools`, an array of tools (or one tool).
 * `path` is resolved from `cwd`. Throws a {@link ToolLoadError} when the import fails or exports no tools.
 */
export async function loadToolModule(path: string, cwd: string): Promise<AnyTool[]> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ToolLoadError({ source: `--tools ${path}`, step: 'could not import it', cause: error });
  }
  const exported = module.tools ?? module.default;
  const tools = Array.isArray(exported) ? exported : exported === undefined ? [] : [exported];
  if (tools.length === 0 || tools.some((entry) => !isTool(entry))) {
    throw new ToolLoadError({
      source: `--tools ${path}`,
      step: `expected a default export or a \`tools\` export that is an array of tools (made with tool()), got ${exported === undefined ? 'neither' : describeValue(exported)}`,
    });
  }
  return tools as AnyTool[];
}

function isTool(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' && typeof (value as { execute?: unknown }).execute === 'function';
}

/** Connects to each MCP server in turn; on a failure, closes those already open and throws a {@link ToolLoadError}. */
export async function connectServers(servers: readonly MCPServerSpec[], signal: AbortSignal): Promise<MCPConnection[]> {
  if (servers.length === 0) return [];
  // The MCP SDK is loaded only by a command that has servers to connect to.
  const { connectMCP } = await import('@llmcompiler/mcp');
  const connections: MCPConnection[] = [];
  for (const server of servers) {
    const shown = 'url' in server ? server.url : [server.command, ...server.args].join(' ');
    try {
      connections.push(await connectMCP('url' in server ? { url: server.url } : { command: server.command, args: [...server.args], ...(server.env ? { env: { ...server.env } } : {}) }, { signal, prefix: server.prefix }));
    } catch (error) {
      await Promise.allSettled(connections.map((connection) => connection.close()));
      throw new ToolLoadError({ source: `MCP server \`${shown}\``, step: 'could not connect', cause: error });
    }
  }
  return connections;
}
