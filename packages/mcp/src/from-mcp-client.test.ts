// fromMCPClient with a client of one's own (any object with listTools and callTool, which the function
// takes): option checks, pagination, definitions a server should not send, and the call's shape.
import { createCompiler, InvalidOptionError, ToolDefinitionError, type JoinerContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { describe, expect, it } from 'vitest';
import { MCPCallError } from './errors/mcp-call-error.js';
import { MCPConnectionError } from './errors/mcp-connection-error.js';
import { fromMCPClient } from './from-mcp-client.js';
import type { MCPClientLike } from './mcp-client-like.js';

const objectSchema = { type: 'object', properties: { q: { type: 'string' } } } as const;

function pagedClient(pages: Record<string, { tools: unknown[]; nextCursor?: string }>, callTool: MCPClientLike['callTool'] = async () => ({ content: [] })) {
  const cursors: (string | undefined)[] = [];
  const client: MCPClientLike = {
    listTools: async (params) => {
      cursors.push(params?.cursor);
      const page = pages[params?.cursor ?? ''];
      if (page === undefined) throw new Error(`no page ${params?.cursor}`);
      return page;
    },
    callTool,
  };
  return { client, cursors };
}

describe('fromMCPClient', () => {
  it('lists every page, following nextCursor', async () => {
    const { client, cursors } = pagedClient({
      '': { tools: [{ name: 'a', inputSchema: objectSchema }], nextCursor: 'p2' },
      p2: { tools: [{ name: 'b', inputSchema: objectSchema }], nextCursor: 'p3' },
      p3: { tools: [{ name: 'c', inputSchema: objectSchema }] },
    });
    const tools = await fromMCPClient(client);
    expect(tools.map((tool) => tool.name)).toEqual(['a', 'b', 'c']);
    expect(cursors).toEqual([undefined, 'p2', 'p3']);
  });

  it('stops a server that sends the same cursor again', async () => {
    const { client } = pagedClient({ '': { tools: [], nextCursor: 'p2' }, p2: { tools: [], nextCursor: 'p2' } });
    await expect(fromMCPClient(client)).rejects.toThrow(MCPConnectionError);
    await expect(fromMCPClient(client)).rejects.toThrow('could not list its tools (page 2): the server sent the cursor "p2" again');
  });

  it('says which listed tool cannot be used, and why', async () => {
    const cases: [unknown, string][] = [
      [{ inputSchema: objectSchema }, 'tool #1): it has no `name`'],
      [{ name: 'x', inputSchema: { type: 'string' } }, "`x` has no `inputSchema` of `type: 'object'`"],
      [{ name: 'x', inputSchema: objectSchema, description: 5 }, 'the `description` of `x` is not a string'],
      ['x', 'it is not an object'],
    ];
    for (const [definition, message] of cases) {
      const { client } = pagedClient({ '': { tools: [definition] } });
      await expect(fromMCPClient(client)).rejects.toThrow(message);
    }
    const { client } = pagedClient({ '': { tools: [{ name: 'x', inputSchema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } }] } });
    await expect(fromMCPClient(client)).rejects.toThrow(ToolDefinitionError);
  });

  it('wraps a failed listing in an MCPConnectionError', async () => {
    const client: MCPClientLike = { listTools: () => Promise.reject(new Error('socket hang up')), callTool: async () => ({}) };
    await expect(fromMCPClient(client)).rejects.toThrow('MCP server (through the given client): could not list its tools (page 1): socket hang up');
  });

  it('checks its options, naming what was expected and what came', async () => {
    const { client } = pagedClient({ '': { tools: [{ name: 'search', inputSchema: objectSchema }] } });
    await expect(fromMCPClient({} as never)).rejects.toThrow('Expected `client` of `fromMCPClient()` to be a connected MCP client (an object with `listTools` and `callTool`)');
    await expect(fromMCPClient(client, { timeoutMs: 0 })).rejects.toThrow(InvalidOptionError);
    await expect(fromMCPClient(client, { timeoutMs: 0 })).rejects.toThrow('Expected `timeoutMs` of `fromMCPClient()` to be a positive number of milliseconds, got `0` (number)');
    await expect(fromMCPClient(client, { prefx: 'a' } as never)).rejects.toThrow('Expected `prefx` of `fromMCPClient()` to be a known option');
    await expect(fromMCPClient(client, { tools: { serach: { sideEffects: 'none' } } })).rejects.toThrow(
      'Expected `tools.serach` of `fromMCPClient()` to be the name of a tool the server lists (search)',
    );
    await expect(fromMCPClient(client, { tools: { search: { timeoutMs: -1 } } })).rejects.toThrow('Expected `tools.search.timeoutMs`');
    await expect(fromMCPClient(client, { tools: { search: { sideEffects: 'maybe' as never } } })).rejects.toThrow(ToolDefinitionError);
  });

  it('applies per-tool overrides: name, side effects, retry', async () => {
    const { client } = pagedClient({
      '': { tools: [{ name: 'search', inputSchema: objectSchema, annotations: { readOnlyHint: true } }, { name: 'x.y', inputSchema: objectSchema }] },
    });
    const [search, other] = await fromMCPClient(client, { prefix: 'web_', tools: { search: { name: 'find', sideEffects: 'unsafe', retry: { attempts: 2 } } } });
    expect(search).toMatchObject({ name: 'find', sideEffects: 'unsafe', retry: { attempts: 2 } });
    expect(other).toMatchObject({ name: 'web_x_y', sideEffects: 'unsafe', description: '(MCP tool `x.y`)' });
  });

  it('leaves side effects undeclared (unsafe) when the annotations say nothing about them, so a run reports held tasks', async () => {
    const { client } = pagedClient({
      '': {
        tools: [
          { name: 'silent', inputSchema: objectSchema },
          { name: 'titled', inputSchema: objectSchema, annotations: { title: 'Titled' } },
          { name: 'writes', inputSchema: objectSchema, annotations: { readOnlyHint: false } },
        ],
      },
    });
    const tools = await fromMCPClient(client);
    expect(tools.map((tool) => [tool.name, tool.sideEffects, tool.sideEffectsDeclared])).toEqual([
      ['silent', 'unsafe', false],
      ['titled', 'unsafe', false],
      ['writes', 'unsafe', true],
    ]);
    const result = await createCompiler({ model: scriptedModel({ responses: ['1. silent()\n2. join()'] }), tools, joiner: () => 'done' }).run('q').result();
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'plan-warning', warning: expect.objectContaining({ code: 'held-undeclared-side-effects' }) }));
  });

  it('calls a client of its own as callTool(params, options), with the server\'s name and the validated input', async () => {
    const calls: unknown[][] = [];
    const { client } = pagedClient({ '': { tools: [{ name: 'x.y', inputSchema: objectSchema }] } }, async (...args: unknown[]) => {
      calls.push(args);
      return { content: [{ type: 'text', text: 'found' }] };
    });
    const tools = await fromMCPClient(client, { timeoutMs: 5000 });
    const joiner = ({ tasks }: JoinerContext) => String(tasks[0]?.value);
    const result = await createCompiler({ model: scriptedModel({ responses: ['1. x_y(q="a")\n2. join()'] }), tools, joiner }).run('q').result();
    expect(result.answer).toBe('found');
    expect(calls).toEqual([[{ name: 'x.y', arguments: { q: 'a' } }, { signal: expect.any(AbortSignal), timeout: 5000 }]]);
  });

  it('fails the task with an MCPCallError when the result is not a tool result', async () => {
    const { client } = pagedClient({ '': { tools: [{ name: 'odd', inputSchema: objectSchema }] } }, async () => 'a string');
    const tools = await fromMCPClient(client);
    const result = await createCompiler({ model: scriptedModel({ responses: ['1. odd()\n2. join()'] }), tools, joiner: () => 'done' }).run('q').result();
    expect(MCPCallError.isInstance(result.tasks[0]?.error)).toBe(true);
    expect(result.tasks[0]?.error).toMatchObject({ kind: 'invalid-result', message: 'Task 1: calling MCP tool `odd` failed, the MCP server sent a result that is not a tool result' });
  });
});
