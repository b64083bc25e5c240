import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tool } from '../tool/tool.js';
import { plannerToolDefinitions } from './planner-tool-definitions.js';

const search = tool({
  name: 'search',
  description: '  Search Wikipedia for an entity.  ',
  input: z.object({ query: z.string().describe('the text to search for') }),
  output: z.object({ title: z.string(), text: z.string() }),
  execute: async () => ({ title: '', text: '' }),
});

const send = tool({
  name: 'send_email',
  description: 'Send an email.',
  input: { type: 'object', properties: { to: { type: 'string' }, body: { type: 'string' } }, required: ['to'] },
  execute: async () => null,
});

describe('plannerToolDefinitions', () => {
  it('gives each tool its name, description and input JSON Schema without `$schema`', () => {
    const [first, second] = plannerToolDefinitions([search, send]);
    expect(first).toEqual({
      name: 'search',
      description: 'Search Wikipedia for an entity.\nReturns: { title: string; text: string }',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string', description: 'the text to search for' } },
        required: ['query'],
      },
    });
    expect(first!.parameters).not.toHaveProperty('$schema');
    expect(search.inputSchema.jsonSchema().$schema).toBeDefined();
    expect(second).toEqual({ name: 'send_email', description: 'Send an email.', parameters: send.inputSchema.jsonSchema() });
  });

  it('ends with a join tool that takes no arguments', () => {
    const definitions = plannerToolDefinitions([search]);
    expect(definitions).toHaveLength(2);
    expect(definitions.at(-1)).toEqual({
      name: 'join',
      description: 'Ends the plan. Call it once, as the last call, after every other tool call. It takes no arguments.',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    });
    expect(plannerToolDefinitions([]).map(({ name }) => name)).toEqual(['join']);
  });
});
