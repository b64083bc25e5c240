import { LLMCompilerError } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';

const marker = 'llmcompiler.error.mcp.MCPCallError';
const symbol = Symbol.for(marker);

/**
 * Why an MCP call got no usable result:
 *
 * - `'connection'`: the connection closed before the result came (the server process exited or was killed,
 *   the HTTP session ended) or was already closed;
 * - `'protocol'`: the server answered with a JSON-RPC error (an unknown tool, invalid parameters, an internal
 *   error), or the SDK refused the result (structured content that does not match the tool's output schema);
 * - `'invalid-result'`: the result is not a `CallToolResult` (no `content` array).
 */
export type MCPCallErrorKind = 'connection' | 'protocol' | 'invalid-result';

/** What an {@link MCPCallError} is made from. */
export interface MCPCallErrorFields {
  readonly kind: MCPCallErrorKind;
  /** The tool's name in the compiler (after mapping, see `prefix`). */
  readonly tool: string;
  /** The tool's name on the MCP server, which was called. */
  readonly serverTool: string;
  /** The task whose call failed. */
  readonly taskId: number;
  /** The JSON-RPC error code (`-32602`) or the SDK's code (`'CONNECTION_CLOSED'`), when there is one. */
  readonly code?: number | string | undefined;
  /** What the client threw, or for `'invalid-result'` the result that came. */
  readonly cause?: unknown;
}

const kindText: Record<MCPCallErrorKind, string> = {
  connection: 'the connection to the MCP server closed',
  protocol: 'the MCP server answered with an error',
  'invalid-result': 'the MCP server sent a result that is not a tool result',
};

/**
 * An MCP tool call failed below the tool: the connection closed (a server that exits mid-call fails every
 * call it had under way with this error), the server answered with a JSON-RPC error, or the result was
 * malformed. The task fails with it, its dependents are skipped, and the run goes on: the joiner sees the
 * message and may answer with what it has or plan again.
 *
 * @example
 * ```ts
 * const lost = result.tasks.filter((record) => MCPCallError.isInstance(record.error) && record.error.kind === 'connection');
 * ```
 */
export class MCPCallError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly kind: MCPCallErrorKind;
  /** The tool's name in the compiler. */
  readonly tool: string;
  /** The tool's name on the MCP server. */
  readonly serverTool: string;
  /** The task whose call failed. */
  readonly taskId: number;
  /** The JSON-RPC or SDK error code, when there is one. */
  readonly code: number | string | undefined;

  constructor({ kind, tool, serverTool, taskId, code, cause }: MCPCallErrorFields) {
    const detail = kind === 'invalid-result' ? '' : `: ${describeError(cause)}`;
    super('MCPCallError', `Task ${taskId}: calling MCP tool \`${serverTool}\` failed, ${kindText[kind]}${detail}`, { cause });
    this.kind = kind;
    this.tool = tool;
    this.serverTool = serverTool;
    this.taskId = taskId;
    this.code = code;
  }

  static override isInstance(error: unknown): error is MCPCallError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
