import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asSchema } from '../tool/schema.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import { joinerJsonSchema } from './joiner-json-schema.js';
import { parseJoinerJson } from './parse-joiner-json.js';

describe('joinerJsonSchema', () => {
  it('wraps the answer schema in the JSON joiner\'s decision, without its $schema', () => {
    const answer = asSchema(z.object({ depthMeters: z.number() })).jsonSchema();
    expect(answer.$schema).toBeDefined();
    expect(joinerJsonSchema(answer)).toEqual({
      type: 'object',
      properties: {
        thought: { type: 'string' },
        action: { type: 'string', enum: ['finish', 'replan'] },
        answer: { type: 'object', properties: { depthMeters: { type: 'number' } }, required: ['depthMeters'] },
        feedback: { type: 'string' },
      },
      required: ['action'],
    });
  });

  it('moves $defs and definitions to the root, where the answer\'s references point', async () => {
    const answer = {
      type: 'object',
      properties: { trench: { $ref: '#/$defs/trench' } },
      $defs: { trench: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    } as JsonSchema;
    const schema = joinerJsonSchema(answer);
    expect(schema.$defs).toEqual(answer.$defs);
    expect(schema.properties!['answer']).not.toHaveProperty('$defs');
    // The wrapped schema still validates a decision whose answer uses the reference.
    const decision = asSchema(schema);
    expect(await decision.validate({ action: 'finish', answer: { trench: { name: 'Mariana' } } })).toMatchObject({ success: true });
    expect(await decision.validate({ action: 'finish', answer: { trench: {} } })).toMatchObject({ success: false });
    expect(parseJoinerJson('{"action": "finish", "answer": {"trench": {"name": "Mariana"}}}').action).toEqual({
      type: 'finish',
      answer: '{"trench":{"name":"Mariana"}}',
    });
  });
});
