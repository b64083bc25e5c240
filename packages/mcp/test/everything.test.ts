// Against @modelcontextprotocol/server-everything, the MCP project's reference server, over stdio with the
// v1 SDK client of connectMCP: structured content read with `$1.field`, progress, timeouts, abort, and a
// server killed mid-call.
import { createCompiler, TaskAbortedError, ToolTimeoutError, type AnyTool, type JoinerContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_REASON, connectMCP, fromMCPClient, MCPCallError, type MCPConnection, type MCPProgressEvent } from '../src/index.js';
import { npmServer } from './servers.js';

/** A joiner that answers with every task's outcome, so that the run's end does not hide what happened. */
const outcomes = ({ tasks }: JoinerContext): string => tasks.map((record) => `${record.task.id}:${record.outcome}`).join(' ');

function compilerFor(tools: AnyTool[], plan: string) {
  return createCompiler({ model: scriptedModel({ responses: [plan] }), tools, joiner: outcomes, maxReplans: 0 });
}

describe('server-everything over stdio (SDK v1 client)', () => {
  let server: MCPConnection;
  const progress: MCPProgressEvent[] = [];

  beforeAll(async () => {
    server = await connectMCP(npmServer('everything'), {
      onProgress: (event) => progress.push(event),
      tools: {
        'trigger-long-running-operation': { timeoutMs: 1500, resetTimeoutOnProgress: true },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the tools with their schemas, and side effects from their annotations', () => {
    const echo = server.tools.find((tool) => tool.name === 'echo');
    expect(echo?.sideEffects).toBe('none'); // readOnlyHint: true
    expect(echo?.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
    expect(server.serverInfo?.name).toBeTypeOf('string');
    expect(server.pid).toBeTypeOf('number');
  });

  it('gives structured content as the value, so a plan reads `$1.conditions`', async () => {
    const plan = '1. get-structured-content(location="Chicago")\n2. echo(message=$1.conditions)\n3. join()<END_OF_PLAN>';
    const result = await compilerFor(server.tools, plan).run('What is the weather in Chicago?').result();
    expect(result.tasks.map((record) => record.value)).toEqual([
      { temperature: 36, conditions: 'Light rain / drizzle', humidity: 82 },
      'Echo: Light rain / drizzle',
    ]);
    const structured = server.tools.find((tool) => tool.name === 'get-structured-content');
    // The output schema is the planner's too: it sees the fields it may reference.
    expect(structured?.outputSchema?.jsonSchema()).toMatchObject({ properties: { conditions: { type: 'string' } } });
  });

  it('keeps a long call alive while the server reports progress (resetTimeoutOnProgress)', async () => {
    progress.length = 0;
    // 3 s in 10 steps of 0.3 s: longer than the 1.5 s timeout in all, far shorter between notifications.
    const plan = '1. trigger-long-running-operation(duration=3, steps=10)\n2. join()<END_OF_PLAN>';
    const result = await compilerFor(server.tools, plan).run('Run the long operation').result();
    expect(result.tasks[0]).toMatchObject({ outcome: 'ok', value: 'Long running operation completed. Duration: 3 seconds, Steps: 10.' });
    // The last notification and the result race to the client: the last may come after the result.
    expect(progress.slice(0, 4).map((event) => [event.tool, event.serverTool, event.taskId, event.progress, event.total])).toEqual(
      [1, 2, 3, 4].map((step) => ['trigger-long-running-operation', 'trigger-long-running-operation', 1, step, 10]),
    );
  });

  it('stops a call that keeps reporting progress at maxTotalTimeoutMs', async () => {
    const tools = await fromMCPClient(server.client, {
      filter: (tool) => tool.name.startsWith('trigger-long'),
      timeoutMs: 1500,
      resetTimeoutOnProgress: true,
      maxTotalTimeoutMs: 1000,
    });
    const result = await compilerFor(tools, '1. trigger-long-running-operation(duration=3, steps=10)\n2. join()<END_OF_PLAN>').run('Run it').result();
    expect(result.answer).toBe('1:timeout');
    expect(result.tasks[0]?.error).toMatchObject({ name: 'ToolTimeoutError', timeoutMs: 1000 });
  });

  it('times a call out after `timeoutMs` when progress does not reset it, and the run goes on', async () => {
    await using strict = await connectMCP(npmServer('everything'), { timeoutMs: 1500, filter: (tool) => tool.name.startsWith('trigger-long') || tool.name === 'echo' });
    const plan = '1. trigger-long-running-operation(duration=3, steps=10)\n2. echo(message="still here")\n3. join()<END_OF_PLAN>';
    const result = await compilerFor(strict.tools, plan).run('Run the long operation').result();
    expect(result.answer).toBe('1:timeout 2:ok');
    expect(ToolTimeoutError.isInstance(result.tasks[0]?.error)).toBe(true);
    expect(result.tasks[0]?.error).toMatchObject({ tool: 'trigger-long-running-operation', taskId: 1, timeoutMs: 1500 });
  });

  it('cancels running calls when the run aborts, with a neutral reason and not the run\'s', async () => {
    let abortRun = (): void => {};
    // The first progress notification shows the call running on the server; the run is aborted then.
    await using connection = await connectMCP(npmServer('everything'), { filter: (tool) => tool.name.startsWith('trigger-long'), onProgress: () => abortRun() });
    // What goes over the wire, read off the real transport.
    const transport = (connection.client as unknown as { transport: { send: (message: unknown, options?: unknown) => Promise<void> } }).transport;
    const sent: unknown[] = [];
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      sent.push(message);
      return send(message, options);
    };
    const compiler = compilerFor(connection.tools, '1. trigger-long-running-operation(duration=10, steps=50)\n2. join()<END_OF_PLAN>');
    const run = compiler.run('Run the long operation');
    abortRun = () => run.abort(new Error('user secret: my account number is 1234'));
    await expect(run.result()).rejects.toThrow('user secret');
    const record = run.events.find((event) => event.type === 'task-end');
    expect(record).toMatchObject({ record: { outcome: 'aborted' } });
    expect(TaskAbortedError.isInstance((record as { record: { error: unknown } }).record.error)).toBe(true);
    const call = sent.find((message) => (message as { method?: string }).method === 'tools/call') as { id: number };
    expect(sent).toContainEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: call.id, reason: CANCEL_REASON } });
    expect(JSON.stringify(sent)).not.toContain('user secret');
  });

  it('settles every call under way with a typed error when the server process is killed, and the run goes on', async () => {
    const doomed = await connectMCP(npmServer('everything'), { filter: (tool) => tool.name.startsWith('trigger-long') });
    try {
      const plan = '1. trigger-long-running-operation(duration=20, steps=2)\n2. trigger-long-running-operation(duration=20, steps=4)\n3. join()<END_OF_PLAN>';
      const run = compilerFor(doomed.tools, plan).run('Run two long operations');
      let started = 0;
      run.on('task-start', () => {
        if (++started === 2) process.kill(doomed.pid!, 'SIGKILL');
      });
      const result = await run.result();
      expect(result.answer).toBe('1:error 2:error');
      for (const record of result.tasks) {
        expect(MCPCallError.isInstance(record.error)).toBe(true);
        expect(record.error).toMatchObject({ kind: 'connection', serverTool: 'trigger-long-running-operation', taskId: record.task.id });
      }
    } finally {
      await doomed.close();
    }
  });
});

describe('server-everything over stdio (SDK v2 client)', () => {
  it('passes the request options in v2\'s place: progress reaches onProgress and keeps the call alive', async () => {
    const { Client } = await import('@modelcontextprotocol/client');
    const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
    const client = new Client({ name: 'llmcompiler-test', version: '1.0.0' });
    const { command, args = [] } = npmServer('everything');
    await client.connect(new StdioClientTransport({ command, args: [...args], stderr: 'pipe' }));
    try {
      const progress: number[] = [];
      const tools = await fromMCPClient(client, {
        filter: (tool) => tool.name === 'trigger-long-running-operation' || tool.name === 'get-structured-content',
        timeoutMs: 1500,
        resetTimeoutOnProgress: true,
        onProgress: (event) => progress.push(event.progress),
      });
      const plan = '1. trigger-long-running-operation(duration=3, steps=10)\n2. get-structured-content(location="New York")\n3. join()<END_OF_PLAN>';
      const result = await compilerFor(tools, plan).run('Run the long operation').result();
      expect(result.answer).toBe('1:ok 2:ok');
      expect(result.tasks[1]?.value).toEqual({ temperature: 33, conditions: 'Cloudy', humidity: 82 });
      // The last notification and the result race to the client: the last may come after the result.
      expect(progress.slice(0, 4)).toEqual([1, 2, 3, 4]);
    } finally {
      await client.close();
    }
  });
});
