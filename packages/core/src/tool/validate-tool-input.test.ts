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

describe('validateToolInput with a raw JSON Schema', () => {
  const invite = tool({
    name: 'invite',
    description: 'Invite people to a meeting.',
    input: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' },
        guests: { type: 'array', minItems: 1, items: { $ref: '#/$defs/guest' } },
        at: { type: 'string', format: 'date-time' },
        room: { allOf: [{ type: 'integer' }, { minimum: 1 }, { maximum: 99 }] },
      },
      required: ['code', 'guests', 'at'],
      additionalProperties: false,
      $defs: {
        guest: {
          type: 'object',
          properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
          required: ['name', 'email'],
        },
      },
    },
    execute: () => 'invited',
  });
  const valid = { code: 'ABC-12', guests: [{ name: 'Ada', email: 'ada@example.com' }], at: '2024-05-01T09:30:00Z', room: 7 };

  it('accepts a value that meets every keyword, unchanged', async () => {
    await expect(validateToolInput(invite, valid)).resolves.toBe(valid);
  });

  it.each([
    { keyword: 'pattern', input: { ...valid, code: 'abc-12' }, issue: 'code: expected a string matching /^[A-Z]{3}-\\d{2}$/, received "abc-12"' },
    { keyword: 'minItems', input: { ...valid, guests: [] }, issue: 'guests: expected at least 1 items, received 0' },
    { keyword: 'format: date-time', input: { ...valid, at: 'tomorrow at 9' }, issue: 'at: expected a string of format date-time, received "tomorrow at 9"' },
    { keyword: 'allOf', input: { ...valid, room: 100 }, issue: 'room: expected a number <= 99, received 100' },
    {
      keyword: '$ref to #/$defs',
      input: { ...valid, guests: [{ name: 'Ada', email: 'ada@example.com' }, { name: 2 }] },
      issue: 'guests[1].email: required property is missing; guests[1].name: expected string, received number',
    },
    {
      keyword: 'format: email, through $ref',
      input: { ...valid, guests: [{ name: 'Bob', email: 'bob at example' }] },
      issue: 'guests[0].email: expected a string of format email, received "bob at example"',
    },
  ])('enforces $keyword', async ({ input, issue }) => {
    const error = await rejection(validateToolInput(invite, input, { taskId: 1 }));
    expect(ToolInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`Invalid input for tool \`invite\`: ${issue}`);
  });

  it('reports every issue at once, each with its own path', async () => {
    const error = await rejection(validateToolInput(invite, { code: 'x', guests: [{ name: 'Ada', email: 'ada' }], at: '2024-05-01', extra: 1 }));
    expect(error).toMatchObject({
      issues: [
        { message: 'expected a string matching /^[A-Z]{3}-\\d{2}$/, received "x"', path: ['code'] },
        { message: 'expected a string of format email, received "ada"', path: ['guests', 0, 'email'] },
        { message: 'expected a string of format date-time, received "2024-05-01"', path: ['at'] },
        { message: 'unknown property; expected one of: code, guests, at, room', path: ['extra'] },
      ],
    });
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

  it('validates against a raw JSON Schema output, with every keyword enforced', async () => {
    const report = tool({
      name: 'report',
      description: 'Report.',
      input: z.object({}),
      output: {
        type: 'object',
        properties: { rows: { type: 'array', minItems: 1, items: { $ref: '#/$defs/row' } } },
        required: ['rows'],
        $defs: { row: { allOf: [{ type: 'object', required: ['id'] }, { properties: { id: { type: 'string', pattern: '^r\\d+$' } } }] } },
      },
      execute: () => ({ rows: [] }),
    });
    const rows = { rows: [{ id: 'r1' }] };
    await expect(validateToolOutput(report, rows)).resolves.toBe(rows);
    await expect(rejection(validateToolOutput(report, { rows: [] }))).resolves.toMatchObject({
      message: 'Invalid output of tool `report`: rows: expected at least 1 items, received 0',
    });
    const error = await rejection(validateToolOutput(report, { rows: [{ id: 'r1' }, { id: 'x' }, {}] }, { taskId: 4 }));
    expect(ToolOutputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Invalid output of tool `report`: rows[1].id: expected a string matching /^r\\d+$/, received "x"; rows[2].id: required property is missing',
      taskId: 4,
    });
  });

  it('returns the output unchanged when the tool has no output schema', async () => {
    const free = tool({ name: 'free', description: 'Anything.', input: z.object({}), execute: () => 1 });
    const value = { anything: [1] };
    await expect(validateToolOutput(free, value)).resolves.toBe(value);
  });
});
