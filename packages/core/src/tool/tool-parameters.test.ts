import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { tool } from './tool.js';
import { toolParameters } from './tool-parameters.js';
import type { SchemaLike } from './schema.js';

const withInput = (input: SchemaLike<Record<string, unknown>>) =>
  tool({ name: 'probe', description: 'A test tool.', input, execute: () => null });

describe('toolParameters', () => {
  it('lists the properties of a zod object in declaration order, with whether each is required', () => {
    const parameters = toolParameters(
      withInput(
        z.object({
          zeta: z.string().describe('comes first'),
          alpha: z.array(z.string()).optional(),
          mode: z.enum(['fast', 'slow']).default('fast'),
          nested: z.object({ a: z.string() }),
        }),
      ),
    );
    expect(parameters).toEqual([
      { name: 'zeta', required: true, schema: { type: 'string', description: 'comes first' } },
      { name: 'alpha', required: false, schema: { type: 'array', items: { type: 'string' } } },
      { name: 'mode', required: false, schema: { type: 'string', enum: ['fast', 'slow'], default: 'fast' } },
      {
        name: 'nested',
        required: true,
        schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      },
    ]);
  });

  it('gives no parameters for an empty object', () => {
    expect(toolParameters(withInput(z.object({})))).toEqual([]);
  });

  it('reads a raw JSON Schema, turning boolean subschemas into objects', () => {
    const parameters = toolParameters(
      withInput({ type: 'object', properties: { b: { type: 'number' }, a: true, c: false }, required: ['a'] }),
    );
    expect(parameters).toEqual([
      { name: 'b', required: false, schema: { type: 'number' } },
      { name: 'a', required: true, schema: {} },
      { name: 'c', required: false, schema: { not: {} } },
    ]);
  });

  it('computes the parameters once per tool', () => {
    const probe = withInput(z.object({ a: z.string() }));
    expect(toolParameters(probe)).toBe(toolParameters(probe));
    expect(Object.isFrozen(toolParameters(probe))).toBe(true);
  });

  it('refuses an input schema that is not an object with properties', () => {
    expect(() => toolParameters(withInput(z.string() as never))).toThrow(
      'Expected `input` of tool `probe` to be an object schema with `properties` (such as `z.object({ ... })`), got a schema of type `"string"` (string)',
    );
    expect(() => toolParameters(withInput({ type: 'object' }))).toThrow(
      'Expected `input` of tool `probe` to be an object schema with `properties` (such as `z.object({ ... })`), got an object schema without `properties`',
    );
    expect(() => toolParameters(withInput(z.record(z.string(), z.number())))).toThrow(/without `properties`$/);
  });

  it('reports a schema that cannot be converted as a definition error', () => {
    expect(() => toolParameters(withInput(z.object({ when: z.date() })))).toThrow(ToolDefinitionError);
  });
});
