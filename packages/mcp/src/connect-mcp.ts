import type { AnyTool } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { MCPConnectionError } from './errors/mcp-connection-error.js';
import { failLostStreams } from './fail-lost-streams.js';
import { fromMCPClient, type FromMCPClientOptions } from './from-mcp-client.js';
import type { MCPClientLike } from './mcp-client-like.js';

/** An MCP server to start as a child process and talk to over stdio. */
export interface MCPStdioServer {
  /** The executable: `node`, `npx`, `uvx`, a path. */
  readonly command: string;
  /** Its arguments. @default [] */
  readonly args?: readonly string[] | undefined;
  /**
   * Environment variables for the server, on top of the SDK's safe defaults (`PATH`, `HOME` and a few
   * others); the rest of this process's environment is not passed on.
   */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Its working directory. @default this process's */
  readonly cwd?: string | undefined;
  /**
   * What happens to the server's stderr: `'pipe'` keeps its last lines for error messages (see
   * {@link MCPConnectionError.stderr}), `'inherit'` shows it in this process's stderr, `'ignore'` drops it.
   *
   * @default 'pipe'
   */
  readonly stderr?: 'pipe' | 'inherit' | 'ignore' | undefined;
}

/** An MCP server to reach over Streamable HTTP. */
export interface MCPHttpServer {
  /** Its endpoint, e.g. `http://127.0.0.1:3001/mcp`. */
  readonly url: string | URL;
  /** Headers sent with every request, e.g. `{ Authorization: 'Bearer ...' }`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Options of {@link connectMCP}: how to present this client, plus those of {@link fromMCPClient}. */
export interface ConnectMCPOptions extends FromMCPClientOptions {
  /**
   * The name and version this client gives the server.
   *
   * @default { name: 'llmcompiler', version: '0.1.0' }
   */
  readonly clientInfo?: { readonly name: string; readonly version: string } | undefined;
  /**
   * Closes the connection (and stops a stdio server) when it aborts: tie the connection to the lifetime of
   * whatever owns the compiler. Aborted while connecting, the connection is closed and `connectMCP` rejects.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A connection to an MCP server with its tools ready for `createCompiler`. Close it when the compiler that
 * uses its tools is no longer needed: `await connection.close()`, `await using connection = ...`, or a
 * `signal`. A stdio server is stopped on close (stdin closed, then SIGTERM, then SIGKILL).
 */
export interface MCPConnection extends AsyncDisposable {
  /** The server's tools as llmcompiler tools (see {@link fromMCPClient}). */
  readonly tools: AnyTool[];
  /**
   * The connected client: a `Client` of `@modelcontextprotocol/sdk` (cast it to use resources or prompts).
   */
  readonly client: MCPClientLike;
  /** The server's name and version, as it gave them. */
  readonly serverInfo: { readonly name: string; readonly version: string } | undefined;
  /** The process id of a stdio server; `undefined` over HTTP. */
  readonly pid: number | undefined;
  /** Closes the connection and stops a stdio server. Calling it again does nothing. */
  close(): Promise<void>;
  /** {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const STDERR_TAIL_CHARS = 4000;

/**
 * Starts an MCP server over stdio (`{ command, args, env }`) or connects to one over Streamable HTTP
 * (`{ url }`) with a client of `@modelcontextprotocol/sdk` (an optional peer dependency this needs), and
 * lists its tools with {@link fromMCPClient}.
 *
 * @throws {MCPConnectionError} when the server cannot be started, reached or initialised, or its tools
 * cannot be listed; the connection is closed and a stdio server stopped.
 * @throws {InvalidOptionError} when an option is wrong.
 *
 * @example
 * ```ts
 * await using files = await connectMCP({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', dir] }, { prefix: 'fs_' });
 * await using search = await connectMCP({ url: 'http://127.0.0.1:3001/mcp' }, { prefix: 'web_' });
 * const compiler = createCompiler({ model, tools: [...files.tools, ...search.tools] });
 * ```
 */
export async function connectMCP(server: MCPStdioServer | MCPHttpServer, options: ConnectMCPOptions = {}): Promise<MCPConnection> {
  const check = optionChecks({ owner: '`connectMCP()`' });
  check.object('server', server, 'an object with `command` (a stdio server) or `url` (a Streamable HTTP server)');
  check.object('options', options);
  const { clientInfo = { name: 'llmcompiler', version: '0.1.0' }, signal, ...toolOptions } = options;
  const isStdio = 'command' in server;
  if (isStdio) {
    check.keys('server', server as unknown as Record<string, unknown>, ['command', 'args', 'env', 'cwd', 'stderr']);
    check.string('server.command', server.command, true);
    if (server.args !== undefined && !(Array.isArray(server.args) && server.args.every((arg) => typeof arg === 'string'))) {
      check.fail('server.args', 'an array of strings', server.args);
    }
    if (server.env !== undefined) check.object('server.env', server.env);
    if (server.stderr !== undefined) check.oneOf('server.stderr', server.stderr, ['pipe', 'inherit', 'ignore']);
  } else {
    check.keys('server', server as unknown as Record<string, unknown>, ['url', 'headers']);
    if (!(server.url instanceof URL) && !(typeof server.url === 'string' && URL.canParse(server.url))) {
      check.fail('server.url', 'an http(s) URL', server.url);
    }
  }
  check.object('options.clientInfo', clientInfo);
  signal?.throwIfAborted();

  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const label = isStdio ? `\`${[server.command, ...(server.args ?? [])].join(' ')}\`` : String(server.url);
  const client = new Client({ name: clientInfo.name, version: clientInfo.version });
  let stderrTail = '';
  let transport;
  if (isStdio) {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const stderr = server.stderr ?? 'pipe';
    transport = new StdioClientTransport({
      command: server.command,
      args: [...(server.args ?? [])],
      ...(server.env === undefined ? {} : { env: { ...server.env } }),
      ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
      stderr,
    });
    // Read as it comes, or a chatty server would block once the pipe is full.
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
  } else {
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    transport = new StreamableHTTPClientTransport(new URL(server.url), {
      // A call whose response stream breaks fails as a closed connection, not after its timeout.
      fetch: failLostStreams(),
      ...(server.headers === undefined ? {} : { requestInit: { headers: { ...server.headers } } }),
    });
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    signal?.removeEventListener('abort', onAbort);
    closed ??= client.close().catch(() => {
      // Closing a connection that already broke: nothing is left to close.
    });
    return closed;
  };
  const onAbort = (): void => void close();
  signal?.addEventListener('abort', onAbort, { once: true });

  const fail = async (step: string, error: unknown): Promise<never> => {
    await close();
    throw new MCPConnectionError({ server: label, step, stderr: isStdio ? stderrTail : undefined, cause: error });
  };
  try {
    await client.connect(transport, signal === undefined ? undefined : { signal });
  } catch (error) {
    return fail('could not connect', error);
  }
  const pid = isStdio ? ((transport as { pid?: number | null }).pid ?? undefined) : undefined;
  let tools: AnyTool[];
  try {
    tools = await fromMCPClient(client, { ...toolOptions, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (MCPConnectionError.isInstance(error)) return fail('could not list its tools', error.cause);
    await close();
    throw error;
  }
  const info = client.getServerVersion();
  return {
    tools,
    client,
    serverInfo: info === undefined ? undefined : { name: info.name, version: info.version },
    pid,
    close,
    [Symbol.asyncDispose]: close,
  };
}
