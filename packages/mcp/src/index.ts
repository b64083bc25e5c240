/**
 * @module
 * MCP and llmcompiler: the tools of any MCP server as llmcompiler tools (annotations set their side effects,
 * faults become observations, aborts cancel the calls), and a compiler as an MCP server with one tool, so
 * any MCP host can call a parallel agent.
 *
 * @example
 * ```ts
 * import { createCompiler } from '@llmcompiler/core';
 * import { connectMCP } from '@llmcompiler/mcp';
 *
 * await using files = await connectMCP({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', dir] });
 * const compiler = createCompiler({ model, tools: files.tools });
 * const { answer } = await compiler.run('Summarise every note in the folder.').result();
 * ```
 */
export { connectMCP, type ConnectMCPOptions, type MCPConnection, type MCPHttpServer, type MCPStdioServer } from './connect-mcp.js';
export { fromMCPClient, type FromMCPClientOptions, type MCPToolOverrides } from './from-mcp-client.js';
export { CANCEL_REASON, type MCPProgressEvent } from './call-mcp-tool.js';
export type { MCPClientLike, MCPProgress, MCPRequestOptions, MCPToolAnnotations, MCPToolDefinition } from './mcp-client-like.js';
export { mapToolNames } from './map-tool-names.js';
export { readContentText } from './read-content-text.js';
export { sideEffectsFromAnnotations } from './side-effects-from-annotations.js';
export { MCPCallError, type MCPCallErrorFields, type MCPCallErrorKind } from './errors/mcp-call-error.js';
export { MCPConnectionError, type MCPConnectionErrorFields } from './errors/mcp-connection-error.js';
export { MCPToolError, type MCPToolErrorFields } from './errors/mcp-tool-error.js';
export {
  serveCompilerOverMCP,
  type MCPCompilerServer,
  type MCPHttpListenOptions,
  type MCPTaskSummary,
  type ServeCompilerOverMCPOptions,
} from './serve-compiler-over-mcp.js';
