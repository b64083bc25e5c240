// Against @modelcontextprotocol/server-filesystem on a temporary folder: a plan reads several files in
// parallel while it is still streaming (the reads are read-only), then writes one file, which waits for the
// plan's end because it is declared 'unsafe'; a file that does not exist is the task's error observation.
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompiler, type JoinerContext, type RunEvent } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMCP, MCPToolError, type MCPConnection } from '../src/index.js';
import { npmServer } from './servers.js';

const outcomes = ({ tasks }: JoinerContext): string => tasks.map((record) => `${record.task.id}:${record.outcome}`).join(' ');

describe('server-filesystem over stdio', () => {
  let folder: string;
  let files: MCPConnection;

  beforeAll(async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'llmcompiler-mcp-fs-')));
    writeFileSync(join(folder, 'a.txt'), 'alpha');
    writeFileSync(join(folder, 'b.txt'), 'beta');
    writeFileSync(join(folder, 'c.txt'), 'gamma');
    files = await connectMCP(npmServer('filesystem', [folder]), {
      prefix: 'fs_',
      // The server marks write_file idempotent (writing the same content twice changes nothing more); this
      // agent holds every write until the plan is complete.
      tools: { write_file: { sideEffects: 'unsafe' } },
    });
  });
  afterAll(async () => {
    await files?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('maps names with the prefix, names the server tool in the description, and takes side effects from annotations', async () => {
    const byName = new Map(files.tools.map((tool) => [tool.name, tool]));
    expect(byName.get('fs_read_text_file')?.sideEffects).toBe('none');
    expect(byName.get('fs_read_text_file')?.description).toContain('(MCP tool `read_text_file`)');
    expect(byName.get('fs_write_file')?.sideEffects).toBe('unsafe'); // overridden
    expect(byName.get('fs_create_directory')?.sideEffects).toBe('idempotent'); // idempotentHint: true
    expect(byName.get('fs_move_file')?.sideEffects).toBe('unsafe'); // neither hint
    await using plain = await connectMCP(npmServer('filesystem', [folder]), { filter: (tool) => tool.name === 'write_file' });
    expect(plain.tools.map((tool) => [tool.name, tool.sideEffects])).toEqual([['write_file', 'idempotent']]);
  });

  it('starts the reads while the plan streams and holds the write until the plan has ended', async () => {
    const plan = [
      `Thought: Read the three notes at once.`,
      `1. fs_read_text_file(path="${join(folder, 'a.txt')}")`,
      `2. fs_read_text_file(path="${join(folder, 'b.txt')}")`,
      `3. fs_read_text_file(path="${join(folder, 'c.txt')}")`,
      `Thought: Then write them together into one file, which only happens once the plan is complete.`,
      `4. fs_write_file(path="${join(folder, 'all.txt')}", content="$1.content $2.content $3.content")`,
      `5. join()<END_OF_PLAN>`,
    ].join('\n');
    const model = scriptedModel({ responses: [plan], chunkSize: 8, delayPerChunkMs: 5 });
    const compiler = createCompiler({ model, tools: files.tools, joiner: outcomes, maxReplans: 0 });
    const result = await compiler.run('Put the three notes into all.txt').result();

    expect(result.answer).toBe('1:ok 2:ok 3:ok 4:ok');
    expect(result.tasks.slice(0, 3).map((record) => record.value)).toEqual([{ content: 'alpha' }, { content: 'beta' }, { content: 'gamma' }]);
    expect(readFileSync(join(folder, 'all.txt'), 'utf8')).toBe('alpha beta gamma');
    const planEnd = result.events.find((event): event is Extract<RunEvent, { type: 'plan-end' }> => event.type === 'plan-end')!;
    expect(planEnd.clean).toBe(true);
    const lastToken = result.events.findLast((event) => event.type === 'plan-token')!;
    const starts = result.events.filter((event): event is Extract<RunEvent, { type: 'task-start' }> => event.type === 'task-start');
    // The read-only reads started while the plan was still streaming, by the run's clock and its order.
    for (const start of starts.filter((event) => event.record.task.id <= 3)) {
      expect(start.record.startedAt!).toBeLessThan(lastToken.time);
      expect(start.sequence).toBeLessThan(lastToken.sequence);
    }
    // The write ('unsafe') was planned while the plan streamed, and started only once it had ended cleanly.
    const write = starts.find((event) => event.record.task.id === 4)!;
    expect(write.record.plannedAt).toBeLessThan(lastToken.time);
    expect(write.sequence).toBeGreaterThan(lastToken.sequence);
    expect(write.record.startedAt!).toBeGreaterThanOrEqual(lastToken.time);
  });

  it('makes a result with isError: true the task\'s error observation, and the run goes on', async () => {
    const plan = [
      `1. fs_read_text_file(path="${join(folder, 'missing.txt')}")`,
      `2. fs_read_text_file(path="${join(folder, 'a.txt')}")`,
      `3. join()<END_OF_PLAN>`,
    ].join('\n');
    let observed = '';
    const joiner = (context: JoinerContext): string => {
      observed = String((context.tasks[0]?.error as Error).message);
      return outcomes(context);
    };
    const compiler = createCompiler({ model: scriptedModel({ responses: [plan] }), tools: files.tools, joiner, maxReplans: 0 });
    const result = await compiler.run('Read the missing note and a.txt').result();
    expect(result.answer).toBe('1:error 2:ok');
    const error = result.tasks[0]?.error;
    expect(MCPToolError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ tool: 'fs_read_text_file', serverTool: 'read_text_file', taskId: 1 });
    expect((error as MCPToolError).text).toMatch(/ENOENT|no such file/i);
    expect(observed).toContain('MCP tool `read_text_file` reported an error: ');
  });
});
