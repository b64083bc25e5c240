// Against @modelcontextprotocol/server-memory (a knowledge graph in a JSONL file), with a client of each
// SDK major version: v1's `Client` through connectMCP and v2's `@modelcontextprotocol/client` given to
// fromMCPClient. Writes wait for the plan's end; reads that depend on them get their results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompiler, type AnyTool, type JoinerContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMCP, fromMCPClient } from '../src/index.js';
import { npmServer } from './servers.js';

const outcomes = ({ tasks }: JoinerContext): string => tasks.map((record) => `${record.task.id}:${record.outcome}`).join(' ');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function memoryServer() {
  const folder = mkdtempSync(join(tmpdir(), 'llmcompiler-mcp-memory-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return npmServer('memory', [], { MEMORY_FILE_PATH: join(folder, 'memory.jsonl') });
}

const connections: Record<string, () => Promise<AnyTool[]>> = {
  'SDK v1 (connectMCP)': async () => {
    const connection = await connectMCP(memoryServer());
    cleanups.push(() => connection.close());
    return connection.tools;
  },
  'SDK v2 (@modelcontextprotocol/client)': async () => {
    const client = new Client({ name: 'llmcompiler-test', version: '1.0.0' });
    const { command, args = [], env } = memoryServer();
    await client.connect(new StdioClientTransport({ command, args: [...args], ...(env === undefined ? {} : { env: { ...env } }), stderr: 'pipe' }));
    cleanups.push(() => client.close());
    return fromMCPClient(client);
  },
};

describe.each(Object.keys(connections))('server-memory, %s', (kind) => {
  it('creates an entity, adds to it and reads it back, the reads waiting on the writes they reference', async () => {
    const tools = await connections[kind]!();
    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.sideEffects]))).toMatchObject({
      create_entities: 'unsafe',
      add_observations: 'unsafe',
      read_graph: 'none',
      open_nodes: 'none',
    });
    const plan = [
      '1. create_entities(entities=[{"name": "Ada Lovelace", "entityType": "person", "observations": ["wrote the first program"]}])',
      '2. add_observations(observations=[{"entityName": $1.entities[0].name, "contents": ["born in 1815"]}])',
      '3. open_nodes(names=[$2.results[0].entityName])',
      '4. join()<END_OF_PLAN>',
    ].join('\n');
    const compiler = createCompiler({ model: scriptedModel({ responses: [plan] }), tools, joiner: outcomes, maxReplans: 0 });
    const result = await compiler.run('Remember Ada Lovelace').result();
    expect(result.answer).toBe('1:ok 2:ok 3:ok');
    expect(result.tasks[2]?.value).toEqual({
      entities: [{ name: 'Ada Lovelace', entityType: 'person', observations: ['wrote the first program', 'born in 1815'] }],
      relations: [],
    });
  });
});
