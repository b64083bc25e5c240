import { LLMCompilerError } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';

const marker = 'llmcompiler.error.mcp.MCPConnectionError';
const symbol = Symbol.for(marker);

/** What an {@link MCPConnectionError} is made from. */
export interface MCPConnectionErrorFields {
  /** What was being reached: `` `node server.js` `` or the URL. */
  readonly server: string;
  /** What went wrong, in words: `could not connect`, `could not list its tools`. */
  readonly step: string;
  /** The last lines the server process wrote to stderr, when it is a process and wrote any. */
  readonly stderr?: string | undefined;
  /** What the SDK or the client threw. */
  readonly cause?: unknown;
}

/**
 * Reaching an MCP server failed before any tool ran: `connectMCP` could not start or connect to it, or
 * listing its tools failed (`fromMCPClient`). The message names the server, the step and the cause, and for
 * a server process the end of what it wrote to stderr.
 *
 * @example
 * ```ts
 * try {
 *   await connectMCP({ command: 'mcp-server-that-is-not-installed' });
 * } catch (error) {
 *   if (MCPConnectionError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class MCPConnectionError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** What was being reached. */
  readonly server: string;
  /** The step that failed. */
  readonly step: string;
  /** The end of the server process's stderr, when there is one. */
  readonly stderr: string | undefined;

  constructor({ server, step, stderr, cause }: MCPConnectionErrorFields) {
    const tail = stderr === undefined || stderr.trim() === '' ? '' : `\nThe server wrote to stderr:\n${stderr.trimEnd()}`;
    super('MCPConnectionError', `MCP server ${server}: ${step}: ${describeError(cause)}${tail}`, { cause });
    this.server = server;
    this.step = step;
    this.stderr = stderr;
  }

  static override isInstance(error: unknown): error is MCPConnectionError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
