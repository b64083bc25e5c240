import { ToolTimeoutError, type ToolContext } from '@llmcompiler/core';
import { isPlainObject } from './is-plain-object.js';
import { MCPCallError } from './errors/mcp-call-error.js';
import { MCPToolError } from './errors/mcp-tool-error.js';
import type { MCPClientLike, MCPProgress, MCPRequestOptions } from './mcp-client-like.js';
import { readContentText } from './read-content-text.js';

/**
 * The reason sent with `notifications/cancelled` when a task is aborted. The SDKs send `String(reason)` of
 * the signal's reason; the run's own reason can hold user data, so the server gets this neutral text instead.
 */
export const CANCEL_REASON = 'The client cancelled the request.';

/** A progress notification of a running MCP call, as `onProgress` receives it. */
export interface MCPProgressEvent extends MCPProgress {
  /** The tool's name in the compiler. */
  readonly tool: string;
  /** The tool's name on the MCP server. */
  readonly serverTool: string;
  /** The task whose call made progress. */
  readonly taskId: number;
}

/** How one MCP tool is called. */
export interface MCPCallSettings {
  readonly client: MCPClientLike;
  /** Whether the client is a v1 SDK client, whose `callTool` takes the options third. */
  readonly sdkV1: boolean;
  readonly tool: string;
  readonly serverTool: string;
  readonly timeoutMs: number | undefined;
  readonly resetTimeoutOnProgress: boolean;
  readonly maxTotalTimeoutMs: number | undefined;
  readonly onProgress: ((event: MCPProgressEvent) => void) | undefined;
}

type CallTool = (...args: unknown[]) => Promise<unknown>;

/**
 * Calls an MCP tool for one task and turns its result into the task's value: `structuredContent` when the
 * result has it, else the text of its content blocks. A result with `isError: true` throws an
 * {@link MCPToolError}; a closed connection, a JSON-RPC error or a malformed result an {@link MCPCallError};
 * a call past `timeoutMs` (without progress, with `resetTimeoutOnProgress`) a `ToolTimeoutError`. When the
 * task's signal aborts, the request is cancelled with {@link CANCEL_REASON} and the signal's reason thrown.
 */
export async function callMCPTool(settings: MCPCallSettings, input: Record<string, unknown>, { signal, taskId }: ToolContext): Promise<unknown> {
  const { client, sdkV1, tool, serverTool, timeoutMs, onProgress } = settings;
  signal.throwIfAborted();
  // The SDK is given its own signal, aborted with a neutral reason: never the run's.
  const controller = new AbortController();
  const cancel = (): void => controller.abort(CANCEL_REASON);
  signal.addEventListener('abort', cancel, { once: true });
  const options: MCPRequestOptions = { signal: controller.signal };
  if (timeoutMs !== undefined) options.timeout = timeoutMs;
  if (settings.maxTotalTimeoutMs !== undefined) options.maxTotalTimeout = settings.maxTotalTimeoutMs;
  if (settings.resetTimeoutOnProgress) options.resetTimeoutOnProgress = true;
  // The SDKs ask the server for progress (a `progressToken`) only when `onprogress` is given, and only
  // progress notifications reset the timeout: without a handler `resetTimeoutOnProgress` does nothing.
  if (settings.resetTimeoutOnProgress || onProgress !== undefined) {
    options.onprogress = (progress) => {
      try {
        onProgress?.({ tool, serverTool, taskId, progress: progress.progress, total: progress.total, message: progress.message });
      } catch {
        // An observer never breaks a call.
      }
    };
  }
  const params = { name: serverTool, arguments: input };
  let result: unknown;
  try {
    const callTool = client.callTool as unknown as CallTool;
    result = await (sdkV1 ? callTool.call(client, params, undefined, options) : callTool.call(client, params, options));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw toCallError(error, settings, taskId);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  return readResult(result, settings, taskId);
}

function readResult(result: unknown, { tool, serverTool }: MCPCallSettings, taskId: number): unknown {
  if (!isPlainObject(result) || !Array.isArray(result.content)) {
    throw new MCPCallError({ kind: 'invalid-result', tool, serverTool, taskId, cause: result });
  }
  if (result.isError === true) throw new MCPToolError({ tool, serverTool, taskId, text: readContentText(result.content) });
  if (isPlainObject(result.structuredContent)) return result.structuredContent;
  return readContentText(result.content);
}

const TIMEOUT_CODES: readonly unknown[] = [-32001, 'REQUEST_TIMEOUT'];
// v1: McpError -32000 ConnectionClosed; v2: SdkError codes. A v1 client that is closed throws `Not connected`.
const CONNECTION_CODES: readonly unknown[] = [-32000, 'CONNECTION_CLOSED', 'NOT_CONNECTED', 'SEND_FAILED'];

function toCallError(error: unknown, { tool, serverTool, timeoutMs }: MCPCallSettings, taskId: number): Error {
  const code = errorCode(error);
  if (TIMEOUT_CODES.includes(code)) {
    // The error's data names the limit that was hit: `maxTotalTimeout`, or the SDK's default `timeout`
    // when no `timeoutMs` was given.
    const limit = limitOf(error, 'maxTotalTimeout') ?? timeoutMs ?? limitOf(error, 'timeout');
    if (limit !== undefined) return new ToolTimeoutError({ tool, taskId, timeoutMs: limit });
  }
  const connection = CONNECTION_CODES.includes(code) || (error instanceof Error && /^not connected$/i.test(error.message));
  return new MCPCallError({ kind: connection ? 'connection' : 'protocol', tool, serverTool, taskId, code, cause: error });
}

function errorCode(error: unknown): number | string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === 'number' || typeof code === 'string' ? code : undefined;
}

function limitOf(error: unknown, field: 'timeout' | 'maxTotalTimeout'): number | undefined {
  const data = (error as { data?: unknown }).data;
  const limit = isPlainObject(data) ? data[field] : undefined;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}
