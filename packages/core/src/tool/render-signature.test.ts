import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderToolDescription, renderToolSignature } from './render-signature.js';
import { renderJsonSchemaType } from './render-type.js';
import type { JsonSchema, SchemaLike } from './schema.js';
import { tool } from './tool.js';

const search = tool({
  name: 'search',
  description: 'Search Wikipedia for an entity; returns the first paragraph.',
  input: z.object({ query: z.string().describe('the text to search for') }),
  output: z.string(),
  execute: async ({ query }) => query,
});

const math = tool({
  name: 'math',
  description: 'Solve a math problem.',
  input: z.object({ problem: z.string(), context: z.array(z.string()).optional() }),
  output: z.number(),
  execute: () => 0,
});

const signatureOf = (input: SchemaLike<Record<string, unknown>>, output?: SchemaLike): string =>
  renderToolSignature(tool({ name: 'f', description: '', input, ...(output === undefined ? {} : { output }), execute: () => null }));

describe('renderToolSignature', () => {
  it('renders name, parameters in order and the output type', () => {
    expect(renderToolSignature(search)).toBe('search(query: string) -> string');
    expect(renderToolSignature(math)).toBe('math(problem: string, context?: string[]) -> number');
  });

  it('leaves out the output without an output schema', () => {
    expect(signatureOf(z.object({ a: z.boolean() }))).toBe('f(a: boolean)');
    expect(signatureOf(z.object({}))).toBe('f()');
  });

  it('renders enums, literals, nested objects, unions, nullables, records and unknowns', () => {
    expect(
      signatureOf(
        z.object({
          mode: z.enum(['fast', 'slow']),
          exact: z.literal(3),
          point: z.object({ x: z.number(), label: z.string().optional() }),
          id: z.union([z.string(), z.number().int()]),
          shape: z.union([z.object({ r: z.number() }), z.object({ w: z.number(), h: z.number() })]),
          note: z.string().nullable(),
          tags: z.array(z.union([z.string(), z.null()])),
          scores: z.record(z.string(), z.number()),
          anything: z.unknown(),
          pair: z.tuple([z.string(), z.boolean()]),
          'odd key': z.object({ 'a-b': z.string() }),
        }),
        z.array(z.object({ title: z.string() })),
      ),
    ).toBe(
      'f(mode: "fast" | "slow", exact: 3, point: { x: number; label?: string }, id: string | integer, ' +
        'shape: { r: number } | { w: number; h: number }, note: string | null, tags: (string | null)[], ' +
        'scores: Record<string, number>, anything: any, pair: [string, boolean], odd key: { "a-b": string }) -> { title: string }[]',
    );
  });

  it('renders a raw JSON Schema', () => {
    expect(
      signatureOf(
        {
          type: 'object',
          properties: { q: { type: 'string' }, n: { type: ['integer', 'null'] }, any: {}, list: { type: 'array' } },
          required: ['q'],
        },
        { type: 'object' },
      ),
    ).toBe('f(q: string, n?: integer | null, any?: any, list?: any[]) -> object');
  });
});

describe('renderJsonSchemaType', () => {
  it.each<[JsonSchema, string]>([
    [{}, 'any'],
    [{ type: 'null' }, 'null'],
    [{ anyOf: [{ type: 'string' }, { type: 'string' }] }, 'string'],
    [{ type: 'string', nullable: true }, 'string | null'],
    [{ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { anyOf: [{ type: 'null' }, { type: 'number' }] }] }, '{ a?: string } & (null | number)'],
    [{ $ref: '#/$defs/Node' }, 'Node'],
    [{ type: 'array', items: { $ref: '#' } }, 'any[]'],
    [{ type: 'array', prefixItems: [{ type: 'string' }, { const: null }] }, '[string, null]'],
    [{ properties: { a: { enum: [1, 'x', true] } }, required: ['a'] }, '{ a: 1 | "x" | true }'],
    [{ type: 'object', properties: { a: false, b: true } }, '{ a?: never; b?: any }'],
  ])('renders %j as %s', (schema, expected) => {
    expect(renderJsonSchemaType(schema)).toBe(expected);
  });
});

describe('renderToolDescription', () => {
  it('renders the signature, the description and each described parameter', () => {
    expect(renderToolDescription(search)).toBe(
      'search(query: string) -> string\nSearch Wikipedia for an entity; returns the first paragraph.\n  - query: the text to search for',
    );
  });

  it('leaves out parameters without a description and keeps each description on one line', () => {
    const lookup = tool({
      name: 'lookup',
      description: '  Look a key up.\n',
      input: z.object({ key: z.string().describe('the key,\n  case-sensitive'), scope: z.string().optional(), depth: z.number().optional().describe('how deep') }),
      execute: () => null,
    });
    expect(renderToolDescription(lookup)).toBe(
      'lookup(key: string, scope?: string, depth?: number)\nLook a key up.\n  - key: the key, case-sensitive\n  - depth: how deep',
    );
  });

  it('leaves out an empty description', () => {
    expect(renderToolDescription(tool({ name: 'noop', description: '', input: z.object({}), execute: () => null }))).toBe('noop()');
  });
});
