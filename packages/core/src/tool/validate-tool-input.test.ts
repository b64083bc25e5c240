import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolInputError } from '../errors/tool-input-error.js';
import { ToolOutputError } from '../errors/tool-output-error.js';
import { LLMCompilerError } from '../errors/llmcompiler-error.js';
import { tool } from './tool.js';
import { validateToolInput, validateToolOutput } from './validate-tool-input.js';

const search = tool({
  name: 'search',
  description: 'Search.',
  input: z.object({ query: z.string(), limit: z.number().int().default(5), filters: z.array(z.object({ field: z.string() })).optional() }),
  output: z.object({ title: z.string(), rank: z.number() }),
  execute: async () => ({ title: 't', rank: 1 }),
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the promise resolved');
}

describe('validateToolInput', () => {
  it('resolves with the parsed input, defaults applied', async () => {
    await expect(validateToolInput(search, { query: 'a' })).resolves.toEqual({ query: 'a', limit: 5 });
  });

  it('rejects with a ToolInputError naming the tool and every issue with its path', async () => {
    const error = await rejection(validateToolInput(search, { query: 42, filters: [{ field: 'a' }, { field: 1 }] }, { taskId: 3 }));
    expect(ToolInputError.isInstance(error)).toBe(true);
    expect(LLMCompilerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ToolInputError',
      message: 'Invalid input for tool `search`: query: expected string, received number; filters[1].field: expected string, received number',
      tool: 'search',
      taskId: 3,
      issues: [
        { message: 'Invalid input: expected string, received number', path: ['query'] },
        { message: 'Invalid input: expected string, received number', path: ['filters', 1, 'field'] },
      ],
    });
  });

  it('reports an issue of the input as a whole without a path', async () => {
    const error = await rejection(validateToolInput(search, 'a'));
    expect((error as Error).message).toBe('Invalid input for tool `search`: expected object, received string');
    expect((error as ToolInputError).taskId).toBeUndefined();
  });

  it('validates against a raw JSON Schema', async () => {
    const lookup = tool({
      name: 'lookup',
      description: 'Look up.',
      input: { type: 'object', properties: { key: { type: 'string' }, 'a b': { type: 'number' } }, required: ['key'] },
      execute: () => null,
    });
    await expect(validateToolInput(lookup, { key: 'k' })).resolves.toEqual({ key: 'k' });
    const error = await rejection(validateToolInput(lookup, { 'a b': 'x' }));
    expect((error as Error).message).toBe(
      'Invalid input for tool `lookup`: key: required property is missing; ["a b"]: expected number, received string',
    );
  });
});

describe('validateToolOutput', () => {
  it('resolves with the parsed output', async () => {
    await expect(validateToolOutput(search, { title: 't', rank: 1, extra: true })).resolves.toEqual({ title: 't', rank: 1 });
  });

  it('rejects with a ToolOutputError naming the tool and every issue', async () => {
    const error = await rejection(validateToolOutput(search, { title: 1 }, { taskId: 2 }));
    expect(ToolOutputError.isInstance(error)).toBe(true);
    expect(ToolInputError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      name: 'ToolOutputError',
      message: 'Invalid output of tool `search`: title: expected string, received number; rank: expected number, received undefined',
      tool: 'search',
      taskId: 2,
    });
  });

  it('returns the output unchanged when the tool has no output schema', async () => {
    const free = tool({ name: 'free', description: 'Anything.', input: z.object({}), execute: () => 1 });
    const value = { anything: [1] };
    await expect(validateToolOutput(free, value)).resolves.toBe(value);
  });
});
