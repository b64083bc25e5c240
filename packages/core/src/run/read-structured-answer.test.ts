import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asSchema } from '../tool/schema.js';
import { readStructuredAnswer } from './read-structured-answer.js';

const Depth = asSchema(z.object({ depthMeters: z.number() }));

describe('readStructuredAnswer', () => {
  it('parses the JSON, validates it, and keeps the JSON as written, compact', async () => {
    expect(await readStructuredAnswer('  {"depthMeters": 10994}\n', Depth)).toEqual({ success: true, value: { depthMeters: 10994 }, json: '{"depthMeters":10994}' });
  });

  it('drops fence lines around the JSON', async () => {
    expect(await readStructuredAnswer('```json\n{"depthMeters": 1}\n```', Depth)).toMatchObject({ success: true, value: { depthMeters: 1 } });
  });

  it('reports the schema\'s issues, with their paths', async () => {
    const read = await readStructuredAnswer('{"depthMeters": "deep"}', Depth);
    expect(read).toEqual({ success: false, issues: [expect.objectContaining({ path: ['depthMeters'], message: expect.stringContaining('expected number') })] });
  });

  it('reports text that is not JSON as one issue at the root, naming the parse error', async () => {
    const read = await readStructuredAnswer('about 11 km', Depth);
    expect(read.success).toBe(false);
    expect(!read.success && read.issues).toEqual([{ path: [], message: expect.stringMatching(/^expected JSON, got text that is not JSON \(.+\)$/) }]);
  });

  it('takes text as a string for a string schema: unquoted, or digits that parse as a number', async () => {
    const Name = asSchema(z.string());
    expect(await readStructuredAnswer('Mariana Trench', Name)).toEqual({ success: true, value: 'Mariana Trench', json: '"Mariana Trench"' });
    expect(await readStructuredAnswer('"Mariana Trench"', Name)).toEqual({ success: true, value: 'Mariana Trench', json: '"Mariana Trench"' });
    expect(await readStructuredAnswer('42', Name)).toEqual({ success: true, value: '42', json: '"42"' });
    expect(await readStructuredAnswer('42', asSchema(z.number()))).toEqual({ success: true, value: 42, json: '42' });
  });

  it('validates with a JSON Schema object too, every keyword', async () => {
    const Rows = asSchema({ type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 });
    expect(await readStructuredAnswer('[1, 2]', Rows)).toMatchObject({ success: true, value: [1, 2] });
    expect(await readStructuredAnswer('[]', Rows)).toMatchObject({ success: false });
    expect(await readStructuredAnswer('[1, -2]', Rows)).toMatchObject({ success: false, issues: [{ path: [1] }] });
  });
});
