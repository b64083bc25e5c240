// Faults over Streamable HTTP, against a server written in the test with the SDK's own `Server` and
// transport: a JSON-RPC error is a typed task error, and an aborted run cancels its calls with the
// neutral reason the server sees, never the run's.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCompiler, type JoinerContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_REASON, connectMCP, MCPCallError, type MCPConnection } from '../src/index.js';

const outcomes = ({ tasks }: JoinerContext): string => tasks.map((record) => `${record.task.id}:${record.outcome}`).join(' ');

describe('a Streamable HTTP server started in the test', () => {
  let http: HttpServer;
  let connection: MCPConnection;
  /** The reasons the server's handlers saw their requests cancelled with. */
  const cancelReasons: unknown[] = [];
  let onWaitStarted = (): void => {};
  let closeServer = (): Promise<void> => Promise.resolve();

  beforeAll(async () => {
    const tools = [
      { name: 'broken.db', description: 'Always fails with a JSON-RPC error.', inputSchema: { type: 'object' as const, properties: {} } },
      { name: 'wait', description: 'Waits until cancelled.', inputSchema: { type: 'object' as const, properties: {} }, annotations: { readOnlyHint: true } },
      { name: 'echo', description: 'Echoes its text.', inputSchema: { type: 'object' as const, properties: { text: { type: 'string' } }, required: ['text'] } },
    ];
    // One session (the connection below): cancellations come as POSTs of their own and must reach the
    // server that runs the call.
    const server = new Server({ name: 'faulty', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
    server.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
      if (call.params.name === 'broken.db') throw new McpError(ErrorCode.InternalError, 'the database is down');
      if (call.params.name === 'echo') return { content: [{ type: 'text', text: String(call.params.arguments?.text) }] };
      onWaitStarted();
      await new Promise((resolve) => extra.signal.addEventListener('abort', resolve, { once: true }));
      cancelReasons.push(extra.signal.reason);
      return { content: [] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
    await server.connect(transport);
    closeServer = () => server.close();
    http = createServer((request, response) => {
      transport.handleRequest(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    connection = await connectMCP({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp` });
  });
  afterAll(async () => {
    await connection?.close();
    await closeServer();
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  });

  it('maps a name our plans cannot call, and calls the server\'s name', () => {
    expect(connection.tools.map((tool) => tool.name)).toEqual(['broken_db', 'wait', 'echo']);
    expect(connection.tools[0]?.description).toBe('Always fails with a JSON-RPC error. (MCP tool `broken.db`)');
  });

  it('settles a task whose call gets a JSON-RPC error with an MCPCallError, and the run goes on', async () => {
    const plan = '1. broken_db()\n2. echo(text="fine")\n3. join()<END_OF_PLAN>';
    const compiler = createCompiler({ model: scriptedModel({ responses: [plan] }), tools: connection.tools, joiner: outcomes, maxReplans: 0 });
    const result = await compiler.run('Query the database').result();
    expect(result.answer).toBe('1:error 2:ok');
    const error = result.tasks[0]?.error;
    expect(MCPCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'protocol', code: -32603, tool: 'broken_db', serverTool: 'broken.db', taskId: 1 });
    expect((error as Error).message).toMatch(/^Task 1: calling MCP tool `broken\.db` failed, the MCP server answered with an error: MCP error -32603: .*the database is down$/);
  });

  it('cancels the call of an aborted run with the neutral reason, which is what the server sees', async () => {
    const compiler = createCompiler({ model: scriptedModel({ responses: ['1. wait()\n2. join()<END_OF_PLAN>'] }), tools: connection.tools, joiner: outcomes });
    const run = compiler.run('Wait');
    onWaitStarted = () => run.abort(new Error('the user typed: my password is hunter2'));
    await expect(run.result()).rejects.toThrow('hunter2');
    await expect.poll(() => cancelReasons).toEqual([CANCEL_REASON]);
  });
});
