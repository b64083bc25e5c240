import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Compiler, RunResult, TaskRecord } from '@llmcompiler/core';
import { describeError, optionChecks } from '@llmcompiler/core/internal';
import type { MCPToolAnnotations } from './mcp-client-like.js';

/** Where {@link serveCompilerOverMCP} listens for Streamable HTTP. */
export interface MCPHttpListenOptions {
  /** The port; `0` picks a free one (see {@link MCPCompilerServer.url}). @default 0 */
  readonly port?: number | undefined;
  /** The interface. Keep the loopback default unless the server is behind authentication. @default '127.0.0.1' */
  readonly host?: string | undefined;
  /** The endpoint's path. @default '/mcp' */
  readonly path?: string | undefined;
}

/** Options of {@link serveCompilerOverMCP}. */
export interface ServeCompilerOverMCPOptions {
  /**
   * The tool's name, as the MCP host's model sees it; also the server's name.
   *
   * @example
   * ```ts
   * name: 'research'
   * ```
   */
  readonly name: string;
  /**
   * When to use the tool and what it answers, for the host's model.
   *
   * @default 'Answers a question by planning tool calls and running them in parallel; returns the answer and a summary of the tasks it ran.'
   */
  readonly description?: string | undefined;
  /** The server's version, as it reports it. @default '0.1.0' */
  readonly version?: string | undefined;
  /**
   * The annotations of the tool, for hosts that decide by them (e.g. `{ readOnlyHint: true }` when every
   * tool of the compiler only reads).
   *
   * @default undefined (none: hosts treat the tool as one that may change things)
   */
  readonly annotations?: MCPToolAnnotations | undefined;
  /**
   * Serve over Streamable HTTP instead of this process's stdin and stdout.
   *
   * @default undefined (stdio)
   * @example
   * ```ts
   * http: { port: 3001 }
   * ```
   */
  readonly http?: MCPHttpListenOptions | undefined;
}

/** A compiler served over MCP. */
export interface MCPCompilerServer extends AsyncDisposable {
  /** The Streamable HTTP endpoint (`http://127.0.0.1:53111/mcp`); `undefined` over stdio. */
  readonly url: string | undefined;
  /** Stops serving: closes the transport (and the HTTP server with its connections). */
  close(): Promise<void>;
  /** {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** One task in the summary a call returns. */
export interface MCPTaskSummary {
  readonly id: number;
  readonly tool: string;
  readonly round: number;
  readonly outcome: NonNullable<TaskRecord['outcome']>;
  /** From its start to its end, in milliseconds, when it ran. */
  readonly durationMs?: number;
  /** The error's message, when it did not succeed. */
  readonly error?: string;
}

const DEFAULT_DESCRIPTION = 'Answers a question by planning tool calls and running them in parallel; returns the answer and a summary of the tasks it ran.';
const inputSchema = {
  type: 'object',
  properties: { question: { type: 'string', description: 'The question to answer, with everything needed to answer it.' } },
  required: ['question'],
} as const;
const outputSchema = {
  type: 'object',
  properties: {
    answer: { type: 'string' },
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          tool: { type: 'string' },
          round: { type: 'integer' },
          outcome: { type: 'string', enum: ['ok', 'error', 'timeout', 'aborted', 'skipped'] },
          durationMs: { type: 'number' },
          error: { type: 'string' },
        },
        required: ['id', 'tool', 'round', 'outcome'],
      },
    },
  },
  required: ['answer', 'tasks'],
} as const;

/**
 * Serves a compiler as an MCP server with one tool, so any MCP host (Claude Desktop, an IDE, another agent)
 * can hand it a question: `{ question }` in; the answer as text, and `{ answer, tasks }` as structured
 * content (each task's id, tool, round, outcome, duration and error) out. When the caller asks for progress
 * (a `progressToken`), each task that settles sends a `notifications/progress` (`Task 2 search: ok`). A
 * cancelled request aborts its run; a run that fails answers with `isError: true` and the error's message.
 *
 * Over stdio by default (this process's stdin and stdout: write nothing else to stdout); over Streamable
 * HTTP with `http` (a session per client, so that cancellations reach their runs). Needs `@modelcontextprotocol/sdk`.
 *
 * @throws {InvalidOptionError} when `compiler` is not a compiler or an option is wrong.
 *
 * @example
 * ```ts
 * // research-server.ts, started by an MCP host as `node research-server.js`
 * await serveCompilerOverMCP(compiler, { name: 'research', description: 'Answers research questions.' });
 *
 * // or over HTTP
 * const server = await serveCompilerOverMCP(compiler, { name: 'research', http: { port: 3001 } });
 * console.error(`MCP endpoint: ${server.url}`);
 * ```
 */
export async function serveCompilerOverMCP(compiler: Compiler, options: ServeCompilerOverMCPOptions): Promise<MCPCompilerServer> {
  const check = optionChecks({ owner: '`serveCompilerOverMCP()`' });
  if (typeof compiler !== 'object' || compiler === null || typeof compiler.run !== 'function') {
    check.fail('compiler', 'a compiler made by `createCompiler()`', compiler);
  }
  check.object('options', options, 'an object with `name`');
  check.keys('', options as unknown as Record<string, unknown>, ['name', 'description', 'version', 'annotations', 'http']);
  const name = check.string('name', options.name, true);
  const { description = DEFAULT_DESCRIPTION, version = '0.1.0', annotations, http } = options;
  check.string('description', description);
  check.string('version', version, true);
  if (annotations !== undefined) check.object('annotations', annotations);
  if (http !== undefined) {
    check.object('http', http);
    check.keys('http', http as unknown as Record<string, unknown>, ['port', 'host', 'path']);
    if (http.port !== undefined) check.integer('http.port', http.port, 0, 65_535);
    if (http.host !== undefined) check.string('http.host', http.host, true);
    if (http.path !== undefined && !(typeof http.path === 'string' && http.path.startsWith('/'))) check.fail('http.path', 'a path starting with `/`', http.path);
  }

  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } = await import('@modelcontextprotocol/sdk/types.js');
  const tool = { name, description, inputSchema, outputSchema, ...(annotations === undefined ? {} : { annotations }) };

  const createMCPServer = () => {
    const server = new Server({ name, version }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [tool] }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      if (request.params.name !== name) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${JSON.stringify(request.params.name)}: this server has one tool, \`${name}\``);
      const question = request.params.arguments?.question;
      if (typeof question !== 'string' || question.trim() === '') {
        return errorResult(`Expected \`question\` to be a non-empty string, got ${question === undefined ? 'nothing' : JSON.stringify(question)}`);
      }
      const run = compiler.run(question, { signal: extra.signal });
      const progressToken = request.params._meta?.progressToken;
      if (progressToken !== undefined) {
        let settled = 0;
        run.on('task-end', ({ record }) => {
          settled++;
          const message = `Task ${record.task.id} ${record.task.tool}: ${record.outcome ?? 'settled'}`;
          // A host that went away cannot be told; the run goes on (and ends when the request is cancelled).
          extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: settled, message } }).catch(() => {});
        });
      }
      let result: RunResult;
      try {
        result = await run.result();
      } catch (error) {
        return errorResult(`The run failed: ${describeError(error)}`);
      }
      const structuredContent = { answer: result.answer, tasks: result.tasks.map(summarizeTask) };
      return { content: [{ type: 'text' as const, text: result.answer }], structuredContent };
    });
    return server;
  };

  if (http === undefined) {
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    const server = createMCPServer();
    await server.connect(new StdioServerTransport());
    let closed: Promise<void> | undefined;
    const close = (): Promise<void> => {
      process.stdin.off('end', onEnd);
      return (closed ??= server.close());
    };
    // The host closed our stdin: it is gone, and the process may end once nothing else keeps it alive.
    const onEnd = (): void => void close();
    process.stdin.once('end', onEnd);
    return { url: undefined, close, [Symbol.asyncDispose]: close };
  }

  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const path = http.path ?? '/mcp';
  // A session per client: a cancellation comes in a request of its own and must reach the server of the
  // call it cancels. Sessions end when the client ends them (DELETE) or the server closes.
  const sessions = new Map<string, { close(): Promise<void>; handle(request: IncomingMessage, response: ServerResponse): Promise<void> }>();
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) {
      response.writeHead(404).end();
      return;
    }
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (session === undefined) {
        sendJsonRpcError(response, 404, 'Session not found: start a new one with an initialize request');
        return;
      }
      await session.handle(request, response);
      return;
    }
    if (request.method !== 'POST') {
      sendJsonRpcError(response, 400, 'No session: start one with an initialize request (POST)');
      return;
    }
    // A request without a session must be `initialize`; the transport answers anything else with a 400.
    const server = createMCPServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { close: () => server.close(), handle: (req, res) => transport.handleRequest(req, res) });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response);
    if (transport.sessionId === undefined) await server.close();
  };
  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`Internal error: ${describeError(error)}`);
    });
  });
  const host = http.host ?? '127.0.0.1';
  await listen(httpServer, http.port ?? 0, host);
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await Promise.all([...sessions.values()].map((session) => session.close().catch(() => {})));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    })());
  return { url, close, [Symbol.asyncDispose]: close };
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

function errorResult(text: string) {
  return { isError: true, content: [{ type: 'text' as const, text }] };
}

function summarizeTask(record: TaskRecord): MCPTaskSummary {
  const { task, round, outcome = 'skipped', startedAt, endedAt, error } = record;
  return {
    id: task.id,
    tool: task.tool,
    round,
    outcome,
    ...(startedAt === undefined || endedAt === undefined ? {} : { durationMs: endedAt - startedAt }),
    ...(outcome === 'ok' ? {} : { error: describeError(error) }),
  };
}

function listen(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
