import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.mcp.MCPToolError';
const symbol = Symbol.for(marker);

/** What an {@link MCPToolError} is made from. */
export interface MCPToolErrorFields {
  /** The tool's name in the compiler (after mapping, see `prefix`). */
  readonly tool: string;
  /** The tool's name on the MCP server, which was called. */
  readonly serverTool: string;
  /** The task whose call failed. */
  readonly taskId: number;
  /** The text of the result's content blocks: what the server says went wrong. */
  readonly text: string;
}

/**
 * An MCP tool answered with `isError: true`: the server ran the call and reports that it failed (a file that
 * does not exist, an API that refused). The task fails with this error and its message, which carries the
 * server's text, is the observation the joiner sees; the run goes on.
 *
 * @example
 * ```ts
 * const failed = result.tasks.find((record) => MCPToolError.isInstance(record.error));
 * if (failed) console.log((failed.error as MCPToolError).text); // 'ENOENT: no such file or directory ...'
 * ```
 */
export class MCPToolError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name in the compiler. */
  readonly tool: string;
  /** The tool's name on the MCP server. */
  readonly serverTool: string;
  /** The task whose call failed. */
  readonly taskId: number;
  /** The text of the result's content blocks. */
  readonly text: string;

  constructor({ tool, serverTool, taskId, text }: MCPToolErrorFields) {
    const said = text.trim() === '' ? 'without saying why' : `: ${text}`;
    super('MCPToolError', `Task ${taskId}: MCP tool \`${serverTool}\` reported an error${said}`);
    this.tool = tool;
    this.serverTool = serverTool;
    this.taskId = taskId;
    this.text = text;
  }

  static override isInstance(error: unknown): error is MCPToolError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
