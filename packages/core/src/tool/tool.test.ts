import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { tool, type ToolOptions } from './tool.js';

const base = {
  name: 'search',
  description: 'Search Wikipedia for an entity; returns the first paragraph.',
  input: z.object({ query: z.string() }),
  execute: async ({ query }: { query: string }) => `(about ${query})`,
};

/** The error `tool()` throws for `options`, as `[message, tool]`. */
function definitionError(options: unknown): [string, string | undefined] {
  try {
    tool(options as ToolOptions<{ query: string }, string>);
  } catch (error) {
    if (!ToolDefinitionError.isInstance(error)) throw error;
    return [error.message, error.tool];
  }
  throw new Error('tool() accepted the options');
}

describe('tool', () => {
  it('fills in the defaults and keeps the given options', () => {
    const search = tool(base);
    expect(search).toMatchObject({
      name: 'search',
      description: base.description,
      sideEffects: 'unsafe',
      sideEffectsDeclared: false,
      timeoutMs: undefined,
      concurrency: Infinity,
      needsApproval: false,
      execute: base.execute,
      outputSchema: undefined,
    });
    expect(search.retry).toEqual({
      attempts: 1,
      initialDelayMs: 500,
      maxDelayMs: 10_000,
      factor: 2,
      jitter: true,
      retryOn: expect.any(Function),
    });
    expect(search.retry.retryOn(new Error('x'))).toBe(true);
    expect(search.inputSchema.jsonSchema()).toMatchObject({ properties: { query: { type: 'string' } } });
  });

  it('fills in the defaults of a partial retry policy', () => {
    const retryOn = (error: unknown): boolean => error instanceof TypeError;
    const search = tool({ ...base, retry: { attempts: 3, factor: 1.5, retryOn } });
    expect(search.retry).toEqual({ attempts: 3, initialDelayMs: 500, maxDelayMs: 10_000, factor: 1.5, jitter: true, retryOn });
  });

  it('keeps every option it is given', () => {
    const needsApproval = (): boolean => true;
    const search = tool({
      ...base,
      output: z.string(),
      sideEffects: 'none',
      timeoutMs: 10_000,
      retry: { attempts: 2, initialDelayMs: 0, maxDelayMs: 100, jitter: false },
      concurrency: 4,
      needsApproval,
    });
    expect(search).toMatchObject({ sideEffects: 'none', sideEffectsDeclared: true, timeoutMs: 10_000, concurrency: 4, needsApproval });
    expect(search.retry).toMatchObject({ attempts: 2, initialDelayMs: 0, maxDelayMs: 100, jitter: false });
    expect(search.outputSchema?.jsonSchema()).toMatchObject({ type: 'string' });
  });

  it('returns a frozen tool', () => {
    const search = tool({ ...base, retry: { attempts: 2 } });
    expect(Object.isFrozen(search)).toBe(true);
    expect(Object.isFrozen(search.retry)).toBe(true);
  });

  it('accepts names of 1 to 64 letters, digits, _ and -, starting with a letter or _', () => {
    for (const name of ['a', '_private', 'format_report', 'get-weather', 'Tool2', `a${'b'.repeat(63)}`]) {
      expect(tool({ ...base, name }).name).toBe(name);
    }
  });

  it('accepts a raw JSON Schema as input', async () => {
    const lookup = tool({
      name: 'lookup',
      description: 'Look a key up.',
      input: { type: 'object', properties: { key: { type: 'string' } }, required: ['key'] },
      execute: async (input) => input['key'],
    });
    await expect(lookup.inputSchema.validate({ key: 'a' })).resolves.toEqual({ success: true, value: { key: 'a' } });
  });

  it('records whether sideEffects was declared, even as the default', () => {
    expect(tool(base).sideEffectsDeclared).toBe(false);
    expect(tool({ ...base, sideEffects: 'unsafe' })).toMatchObject({ sideEffects: 'unsafe', sideEffectsDeclared: true });
  });
});

describe('tool refuses wrong options', () => {
  it('says what was expected and what came, naming the tool', () => {
    expect(definitionError({ ...base, timeoutMs: 0 })).toEqual([
      'Expected `timeoutMs` of tool `search` to be a positive number of milliseconds, got `0` (number)',
      'search',
    ]);
    expect(definitionError({ ...base, concurrency: 0 })).toEqual([
      'Expected `concurrency` of tool `search` to be an integer from 1 and up, or Infinity, got `0` (number)',
      'search',
    ]);
    expect(definitionError({ ...base, retry: { attempts: 0 } })).toEqual([
      'Expected `retry.attempts` of tool `search` to be an integer from 1 and up (the total number of tries), got `0` (number)',
      'search',
    ]);
    expect(definitionError({ ...base, sideEffects: 'safe' })).toEqual([
      "Expected `sideEffects` of tool `search` to be one of 'none', 'idempotent', 'unsafe', got `\"safe\"` (string)",
      'search',
    ]);
  });

  it('refuses an invalid name before anything else', () => {
    expect(definitionError({ ...base, name: '1st', timeoutMs: 0 })).toEqual([
      'Expected `name` of a tool to be 1 to 64 letters, digits, `_` or `-` starting with a letter or `_`, got `"1st"` (string)',
      undefined,
    ]);
  });

  it('refuses join, which the plan language reserves', () => {
    expect(definitionError({ ...base, name: 'join' })).toEqual([
      'Expected `name` of a tool to be other than `join`, which plans reserve for their last step, got `"join"` (string)',
      'join',
    ]);
  });

  it.each([
    { input: { type: 'string' }, got: 'a schema of type `"string"` (string)' },
    { input: { type: 'object' }, got: 'an object schema without `properties`' },
    { input: { type: 'array', items: { type: 'string' } }, got: 'a schema of type `"array"` (string)' },
  ])('refuses a raw JSON Schema input that is not an object schema with properties: $input.type', ({ input, got }) => {
    expect(definitionError({ ...base, input })).toEqual([
      `Expected \`input\` of tool \`search\` to be an object schema with \`properties\` (such as \`z.object({ ... })\`), got ${got}`,
      'search',
    ]);
  });

  it('builds the JSON Schema of a Standard Schema input only when it is needed', () => {
    const conversions: string[] = [];
    const input = {
      '~standard': {
        version: 1 as const,
        vendor: 'counted',
        validate: (value: unknown) => ({ value: value as { query: string } }),
        jsonSchema: { input: ({ target }: { target: string }) => (conversions.push(target), { type: 'string' }), output: () => ({}) },
      },
    };
    const lazy = tool({ ...base, input });
    expect(conversions).toEqual([]);
    expect(lazy.inputSchema.jsonSchema()).toEqual({ type: 'string' });
    expect(conversions).toEqual(['draft-07']);
  });

  it('refuses options that are not an object', () => {
    expect(definitionError(undefined)[0]).toBe('Expected `options` of `tool()` to be an object, got `undefined`');
  });

  it('refuses unknown keys, catching misspelt options', () => {
    expect(definitionError({ ...base, timeout: 1000 })[0]).toBe(
      'Expected `timeout` of tool `search` to be a known option (name, description, input, output, sideEffects, timeoutMs, retry, concurrency, needsApproval, execute), got `1000` (number)',
    );
    expect(definitionError({ ...base, retry: { attempts: 2, retries: 3 } })[0]).toBe(
      'Expected `retry.retries` of tool `search` to be a known option (attempts, initialDelayMs, maxDelayMs, factor, jitter, retryOn), got `3` (number)',
    );
  });

  it.each([
    { option: 'name', value: 'a'.repeat(65), expected: /^Expected `name` of a tool to be 1 to 64 letters/ },
    { option: 'name', value: 'has space', expected: /^Expected `name` of a tool/ },
    { option: 'name', value: 42, expected: /got `42` \(number\)$/ },
    { option: 'description', value: undefined, expected: 'Expected `description` of tool `search` to be a string, got `undefined`' },
    { option: 'input', value: undefined, expected: /^Expected `input` of tool `search` to be a Standard Schema/ },
    { option: 'input', value: { query: z.string() }, expected: /^Expected `input` of tool `search` to be a schema, got an object of schemas/ },
    { option: 'output', value: 'string', expected: /^Expected `output` of tool `search` to be a Standard Schema .*, got `"string"` \(string\)$/ },
    {
      option: 'input',
      value: { type: 'object', properties: { at: { $ref: '#/$defs/date' } } },
      expected: 'Expected `input` of tool `search` to be a valid JSON Schema, got an invalid JSON Schema: expected `$ref` to point to a schema in the same document (such as "#/$defs/Name"), got `"#/$defs/date"` (string)',
    },
    { option: 'output', value: { type: 'string', pattern: '(' }, expected: /^Expected `output` of tool `search` to be a valid JSON Schema, got an invalid JSON Schema: expected `pattern` to be a regular expression/ },
    { option: 'sideEffects', value: 'read-only', expected: /^Expected `sideEffects` of tool `search` to be one of/ },
    { option: 'timeoutMs', value: -1, expected: /^Expected `timeoutMs` .* got `-1` \(number\)$/ },
    { option: 'timeoutMs', value: Infinity, expected: /^Expected `timeoutMs` .* got `Infinity` \(number\)$/ },
    { option: 'timeoutMs', value: '1000', expected: /^Expected `timeoutMs` .* got `"1000"` \(string\)$/ },
    { option: 'retry', value: 3, expected: 'Expected `retry` of tool `search` to be an object such as `{ attempts: 3 }`, got `3` (number)' },
    { option: 'retry', value: {}, expected: /^Expected `retry.attempts` .* got `undefined`$/ },
    { option: 'retry', value: { attempts: 1.5 }, expected: /^Expected `retry.attempts` .* got `1.5` \(number\)$/ },
    { option: 'retry', value: { attempts: Infinity }, expected: /^Expected `retry.attempts`/ },
    { option: 'retry', value: { attempts: 2, initialDelayMs: -1 }, expected: 'Expected `retry.initialDelayMs` of tool `search` to be a non-negative number of milliseconds, got `-1` (number)' },
    { option: 'retry', value: { attempts: 2, maxDelayMs: Number.NaN }, expected: /^Expected `retry.maxDelayMs` .* got `NaN` \(number\)$/ },
    { option: 'retry', value: { attempts: 2, factor: 0.5 }, expected: 'Expected `retry.factor` of tool `search` to be a number from 1 and up, got `0.5` (number)' },
    { option: 'retry', value: { attempts: 2, jitter: 'yes' }, expected: /^Expected `retry.jitter` of tool `search` to be a boolean/ },
    { option: 'retry', value: { attempts: 2, retryOn: true }, expected: /^Expected `retry.retryOn` of tool `search` to be a function/ },
    { option: 'concurrency', value: 1.5, expected: /^Expected `concurrency` .* got `1.5` \(number\)$/ },
    { option: 'concurrency', value: -Infinity, expected: /^Expected `concurrency`/ },
    { option: 'needsApproval', value: 'yes', expected: 'Expected `needsApproval` of tool `search` to be a boolean or a function, got `"yes"` (string)' },
    { option: 'execute', value: undefined, expected: 'Expected `execute` of tool `search` to be a function, got `undefined`' },
  ])('refuses $option: $value', ({ option, value, expected }) => {
    const [message] = definitionError({ ...base, [option]: value });
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });
});
