// The compiler as an MCP server, over Streamable HTTP (in this process) and over stdio (a child process),
// called by the SDK's client and by another compiler through connectMCP.
import { fileURLToPath } from 'node:url';
import { createCompiler, tool, type JoinerContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleScript } from '../../../test-scripts.js';
import { CANCEL_REASON, connectMCP, MCPCallError, serveCompilerOverMCP } from '../src/index.js';
import { trenchCompiler } from './fixtures/trench-compiler.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const expectedResult = {
  content: [{ type: 'text', text: 'The Mariana Trench is 2618 m deeper.' }],
  structuredContent: {
    answer: 'The Mariana Trench is 2618 m deeper.',
    tasks: [
      { id: 1, tool: 'lookup', round: 1, outcome: 'ok', durationMs: expect.any(Number) },
      { id: 2, tool: 'lookup', round: 1, outcome: 'ok', durationMs: expect.any(Number) },
    ],
  },
};

/**
 * The params of the progress notifications a client receives, as they come off its transport. The SDK's client
 * hands a notification to its handler a microtask later but a response at once, and drops the request's
 * progress handler with it: a notification read in the same chunk as the result (as on a loaded machine)
 * never reaches `onprogress` (modelcontextprotocol/typescript-sdk#2580). What the server sent is what these
 * tests check.
 */
function recordProgress(client: unknown): unknown[] {
  type Message = { method?: string; params?: unknown };
  const { transport } = client as { transport: { onmessage?: (message: Message, extra?: unknown) => void } };
  const progress: unknown[] = [];
  const onmessage = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    if (message.method === 'notifications/progress') progress.push(message.params);
    onmessage(message, extra);
  };
  return progress;
}

describe('serveCompilerOverMCP over Streamable HTTP', () => {
  it('answers as one tool with the answer and a task summary, and reports progress per task', async () => {
    const served = await serveCompilerOverMCP(trenchCompiler(), { name: 'research', description: 'Answers questions about ocean trenches.', http: {} });
    cleanups.push(() => served.close());
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    // With onProgress, the calls ask for progress; what the server sent is read off the wire (see recordProgress).
    const connection = await connectMCP({ url: served.url! }, { onProgress: () => {} });
    cleanups.push(() => connection.close());
    const progress = recordProgress(connection.client);

    const [research] = connection.tools;
    expect(research).toMatchObject({ name: 'research', description: 'Answers questions about ocean trenches.', sideEffects: 'unsafe' });
    expect(research?.inputSchema.jsonSchema()).toMatchObject({ required: ['question'] });

    // A calling agent: its plan asks the served compiler and reads the answer off its structured content.
    const outer = createCompiler({
      model: scriptedModel({ responses: ['1. research(question="How much deeper is the Mariana Trench?")\n2. join()<END_OF_PLAN>'] }),
      tools: connection.tools,
      joiner: ({ tasks }: JoinerContext) => (tasks[0]?.value as { answer: string }).answer,
      maxReplans: 0,
    });
    const result = await outer.run('Ask the research agent').result();
    expect(result.answer).toBe('The Mariana Trench is 2618 m deeper.');
    expect(result.tasks[0]?.value).toEqual(expectedResult.structuredContent);
    expect(progress).toEqual([
      { progressToken: expect.anything(), progress: 1, message: expect.stringMatching(/^Task [12] lookup: ok$/) },
      { progressToken: expect.anything(), progress: 2, message: expect.stringMatching(/^Task [12] lookup: ok$/) },
    ]);
  });

  it('answers a bad question with isError and the expected shape, and an unknown tool with a JSON-RPC error', async () => {
    await using served = await serveCompilerOverMCP(trenchCompiler(), { name: 'research', http: { path: '/agent' } });
    await using connection = await connectMCP({ url: served.url! });
    const client = connection.client as unknown as { callTool: (params: object) => Promise<unknown> };
    await expect(client.callTool({ name: 'research', arguments: { question: '' } })).resolves.toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Expected `question` to be a non-empty string, got ""' }],
    });
    await expect(client.callTool({ name: 'other', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('this server has one tool, `research`') });
  });

  it('aborts the served run when the caller cancels, with the neutral reason', async () => {
    const reasons: unknown[] = [];
    let started = (): void => {};
    const wait = tool({
      name: 'wait',
      description: 'Waits until aborted.',
      input: { type: 'object', properties: {} },
      sideEffects: 'none',
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason);
            reject(signal.reason as Error);
          }, { once: true });
        }),
    });
    const inner = createCompiler({ model: scriptedModel({ responses: () => ({ text: '1. wait()\n2. join()<END_OF_PLAN>' }) }), tools: [wait], joiner: () => 'never' });
    await using served = await serveCompilerOverMCP(inner, { name: 'waiter', http: {} });
    await using connection = await connectMCP({ url: served.url! });
    const outer = createCompiler({ model: scriptedModel({ responses: ['1. waiter(question="Wait")\n2. join()<END_OF_PLAN>'] }), tools: connection.tools, joiner: () => 'done' });
    const run = outer.run('Wait for the inner agent');
    started = () => run.abort(new Error('private: the user\'s address'));
    await expect(run.result()).rejects.toThrow('private');
    await expect.poll(() => reasons).toEqual([CANCEL_REASON]);
  });

  it('fails a call as a closed connection when the HTTP server stops mid-call, without waiting for a timeout', async () => {
    let started = (): void => {};
    const wait = tool({
      name: 'wait',
      description: 'Waits until aborted.',
      input: { type: 'object', properties: {} },
      sideEffects: 'none',
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        }),
    });
    const inner = createCompiler({ model: scriptedModel({ responses: () => ({ text: '1. wait()\n2. join()<END_OF_PLAN>' }) }), tools: [wait], joiner: () => 'never' });
    const served = await serveCompilerOverMCP(inner, { name: 'waiter', http: {} });
    cleanups.push(() => served.close());
    // No timeoutMs: the SDK's 60 s would be the only limit if the lost stream went unnoticed.
    await using connection = await connectMCP({ url: served.url! });
    const plan = '1. waiter(question="Wait")\n2. lookup_elsewhere(name="x")\n3. join()<END_OF_PLAN>';
    const elsewhere = tool({ name: 'lookup_elsewhere', description: 'Local.', input: { type: 'object', properties: { name: { type: 'string' } } }, sideEffects: 'none', execute: () => 'found' });
    const outer = createCompiler({ model: scriptedModel({ responses: [plan] }), tools: [...connection.tools, elsewhere], joiner: ({ tasks }) => tasks.map((record) => record.outcome).join(' ') });
    const run = outer.run('Wait for the inner agent');
    started = () => void served.close();
    const result = await run.result();
    expect(result.answer).toBe('error ok');
    expect(MCPCallError.isInstance(result.tasks[0]?.error)).toBe(true);
    expect(result.tasks[0]?.error).toMatchObject({ kind: 'connection', code: -32000, serverTool: 'waiter' });
  });

  it('refuses a missing name', async () => {
    await expect(serveCompilerOverMCP(trenchCompiler(), {} as never)).rejects.toThrow('Expected `name` of `serveCompilerOverMCP()` to be a non-empty string, got `undefined`');
  });
});

describe('serveCompilerOverMCP over stdio', () => {
  it('serves a compiler from a process that an MCP host starts', async () => {
    // The fixture's source bundled by esbuild (test-scripts.ts at the repository's root), on plain Node.
    const script = await bundleScript(fileURLToPath(new URL('./fixtures/serve-over-stdio.ts', import.meta.url)));
    const connection = await connectMCP({ command: process.execPath, args: [script] });
    cleanups.push(() => connection.close());
    expect(connection.serverInfo?.name).toBe('research');
    const client = connection.client as unknown as {
      callTool: (params: object, schema: undefined, options: { onprogress: () => void }) => Promise<unknown>;
    };
    const progress = recordProgress(connection.client);
    const result = await client.callTool({ name: 'research', arguments: { question: 'How much deeper is the Mariana Trench?' } }, undefined, {
      onprogress: () => {},
    });
    expect(result).toEqual(expectedResult);
    expect(progress).toEqual([
      { progressToken: expect.anything(), progress: 1, message: expect.stringMatching(/^Task [12] lookup: ok$/) },
      { progressToken: expect.anything(), progress: 2, message: expect.stringMatching(/^Task [12] lookup: ok$/) },
    ]);
  });
});
