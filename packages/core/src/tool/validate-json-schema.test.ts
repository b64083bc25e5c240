import { describe, expect, it } from 'vitest';
import type { JsonSchema, JsonSchemaDefinition } from './json-schema-types.js';
import { createJsonSchemaValidator, jsonSchemaDraft } from './validate-json-schema.js';

const messages = (schema: JsonSchemaDefinition, value: unknown): string[] =>
  createJsonSchemaValidator(schema)(value).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);

describe('createJsonSchemaValidator', () => {
  it('checks type, with integer and arrays of types', () => {
    expect(messages({ type: 'string' }, 'a')).toEqual([]);
    expect(messages({ type: 'string' }, 1)).toEqual(['(root): expected string, received number']);
    expect(messages({ type: 'integer' }, 2)).toEqual([]);
    expect(messages({ type: 'integer' }, 2.5)).toEqual(['(root): expected integer, received number']);
    expect(messages({ type: 'number' }, Number.NaN)).toEqual(['(root): expected number, received NaN']);
    expect(messages({ type: ['string', 'null'] }, null)).toEqual([]);
    expect(messages({ type: ['string', 'null'] }, [])).toEqual(['(root): expected string | null, received array']);
    expect(messages({ type: 'object' }, [])).toEqual(['(root): expected object, received array']);
    expect(messages({ type: 'boolean' }, undefined)).toEqual(['(root): expected boolean, received undefined']);
  });

  it('checks required properties, then each property, in schema order', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'boolean' } },
      required: ['a', 'c'],
    };
    expect(messages(schema, { b: 'x', extra: 1 })).toEqual([
      'a: required property is missing',
      'c: required property is missing',
      'b: expected number, received string',
    ]);
    expect(messages(schema, { a: 'x', c: true, b: undefined })).toEqual([]);
  });

  it('refuses unknown properties when additionalProperties is false, and checks them against a schema', () => {
    const closed: JsonSchema = { type: 'object', properties: { a: {} }, additionalProperties: false };
    expect(messages(closed, { a: 1, b: 2 })).toEqual(['b: unknown property; expected one of: a']);
    const record: JsonSchema = { type: 'object', additionalProperties: { type: 'number' } };
    expect(messages(record, { x: 1, y: 'two' })).toEqual(['y: expected number, received string']);
  });

  it('checks enum and const by JSON equality', () => {
    expect(messages({ enum: ['a', 'b'] }, 'b')).toEqual([]);
    expect(messages({ enum: ['a', 'b'] }, 'c')).toEqual(['(root): expected one of "a", "b", received "c"']);
    expect(messages({ const: { x: [1, 2] } }, { x: [1, 2] })).toEqual([]);
    expect(messages({ const: { x: [1, 2] } }, { x: [2, 1] })).toEqual(['(root): expected {"x":[1,2]}, received {"x":[2,1]}']);
  });

  it('checks items of arrays and tuples, with the index in the path', () => {
    expect(messages({ type: 'array', items: { type: 'string' } }, ['a', 1, 'c', null])).toEqual([
      '1: expected string, received number',
      '3: expected string, received null',
    ]);
    const draft07Tuple: JsonSchema = { type: 'array', items: [{ type: 'string' }, { type: 'number' }] };
    expect(messages(draft07Tuple, [1, 'a'])).toEqual(['0: expected string, received number', '1: expected number, received string']);
    const tuple: JsonSchema = { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'boolean' } };
    expect(messages(tuple, ['a', true, 'no'])).toEqual(['2: expected boolean, received string']);
  });

  it('checks bounds of numbers and lengths of strings in code points', () => {
    expect(messages({ minimum: 1, maximum: 3 }, 0)).toEqual(['(root): expected a number >= 1, received 0']);
    expect(messages({ minimum: 1, maximum: 3 }, 4)).toEqual(['(root): expected a number <= 3, received 4']);
    expect(messages({ exclusiveMinimum: 1, exclusiveMaximum: 3 }, 3)).toEqual(['(root): expected a number < 3, received 3']);
    expect(messages({ multipleOf: 0.5 }, 1.25)).toEqual(['(root): expected a multiple of 0.5, received 1.25']);
    expect(messages({ minLength: 2 }, '😀')).toEqual(['(root): expected at least 2 characters, received 1']);
    expect(messages({ maxLength: 1 }, '😀')).toEqual([]);
    expect(messages({ maxLength: 1 }, 'ab')).toEqual(['(root): expected at most 1 characters, received 2']);
  });

  it('reports a failed anyOf or oneOf once, naming the alternatives, not why each one failed', () => {
    const schema: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'object', properties: { a: { type: 'number' } } }] };
    expect(messages(schema, 'x')).toEqual([]);
    expect(messages(schema, { a: 1 })).toEqual([]);
    expect(messages(schema, 3)).toEqual(['(root): expected string | { a?: number }, received number']);
    expect(messages({ oneOf: [{ type: 'null' }, { type: 'integer' }] }, 'x')).toEqual(['(root): expected null | integer, received string']);
    expect(messages({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toEqual([
      '(root): expected exactly one of number | integer to match, received a value matching 2',
    ]);
    expect(messages({ anyOf: [false, { type: 'string' }], required: [] }, 1)).toEqual(['(root): expected never | string, received number']);
  });

  it('follows nested objects and arrays with the full path', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { rows: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
    };
    expect(createJsonSchemaValidator(schema)({ rows: [{ name: 'a' }, {}, { name: 3 }] })).toEqual([
      { message: 'required property is missing', path: ['rows', 1, 'name'] },
      { message: 'expected string, received number', path: ['rows', 2, 'name'] },
    ]);
  });

  it('reads array indexes as numbers and object keys as strings, unescaping ~1, ~0 and percent-encoding', () => {
    const schema: JsonSchema = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } };
    expect(createJsonSchemaValidator(schema)({ 'a/b ~c%d': ['x', 1], 0: [2] })).toEqual([
      { message: 'expected string, received number', path: ['0', 0] },
      { message: 'expected string, received number', path: ['a/b ~c%d', 1] },
    ]);
  });

  it('treats true as anything and false as nothing', () => {
    expect(messages({ type: 'object', properties: { a: true, b: false } }, { a: 1 })).toEqual([]);
    expect(messages({ type: 'object', properties: { a: true, b: false } }, { b: 1 })).toEqual(['b: expected no value, received number']);
    expect(messages(false, 'x')).toEqual(['(root): expected no value, received string']);
    expect(messages(true, Symbol.iterator)).toEqual([]);
  });

  it('checks what JSON would carry: undefined properties are absent, other non-JSON values count as null', () => {
    const schema: JsonSchema = { type: 'object', properties: { a: { type: 'number' }, b: { type: ['number', 'null'] } }, required: ['a'] };
    expect(messages(schema, { a: undefined })).toEqual(['a: required property is missing']);
    expect(messages(schema, { a: () => 1, b: Number.POSITIVE_INFINITY })).toEqual(['a: expected number, received function']);
    expect(messages({ type: 'array', items: { type: 'string' } }, ['a', undefined, 2n])).toEqual([
      '1: expected string, received undefined',
      '2: expected string, received bigint',
    ]);
    const circular: Record<string, unknown> = { name: 'a' };
    circular['self'] = circular;
    expect(messages({ type: 'object', properties: { self: { type: 'object' } } }, circular)).toEqual([
      'self: expected object, received object',
    ]);
  });

  it('enforces pattern, format, minItems, maxItems and uniqueItems', () => {
    expect(messages({ type: 'string', pattern: '^[a-z]+$' }, 'abc')).toEqual([]);
    expect(messages({ type: 'string', pattern: '^[a-z]+$' }, 'ABC')).toEqual(['(root): expected a string matching /^[a-z]+$/, received "ABC"']);
    expect(messages({ type: 'string', format: 'email' }, 'ada@example.com')).toEqual([]);
    expect(messages({ type: 'string', format: 'email' }, 'ada')).toEqual(['(root): expected a string of format email, received "ada"']);
    expect(messages({ type: 'string', format: 'date-time' }, '2024-02-30T10:00:00Z')).toEqual([
      '(root): expected a string of format date-time, received "2024-02-30T10:00:00Z"',
    ]);
    expect(messages({ type: 'string', format: 'no-such-format' }, 'x')).toEqual([]);
    expect(messages({ type: 'array', minItems: 2 }, [1])).toEqual(['(root): expected at least 2 items, received 1']);
    expect(messages({ type: 'array', maxItems: 1 }, [1, 2])).toEqual(['(root): expected at most 1 items, received 2']);
    expect(messages({ type: 'array', uniqueItems: true }, [{ a: 1 }, 2, { a: 1 }])).toEqual([
      '(root): expected unique items, received duplicates at indexes 0 and 2',
    ]);
  });

  it('enforces allOf, reporting each failing part where it failed', () => {
    const schema: JsonSchema = {
      allOf: [
        { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] },
      ],
    };
    expect(messages(schema, { id: 1, name: 'a' })).toEqual([]);
    expect(messages(schema, { id: 'x', name: '' })).toEqual([
      'id: expected integer, received string',
      'name: expected at least 1 characters, received 0',
    ]);
  });

  it('follows $ref to $defs and definitions, recursively', () => {
    const tree: JsonSchema = {
      $ref: '#/$defs/node',
      $defs: {
        node: {
          type: 'object',
          properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
          required: ['label'],
        },
      },
    };
    expect(messages(tree, { label: 'root', children: [{ label: 'a', children: [] }] })).toEqual([]);
    expect(messages(tree, { label: 'root', children: [{ label: 'a', children: [{ label: 1 }] }, {}] })).toEqual([
      'children.0.children.0.label: expected string, received number',
      'children.1.label: required property is missing',
    ]);
    const draft07: JsonSchema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { when: { $ref: '#/definitions/date' } },
      definitions: { date: { type: 'string', format: 'date' } },
    };
    expect(messages(draft07, { when: '2024-13-01' })).toEqual(['when: expected a string of format date, received "2024-13-01"']);
  });

  it('enforces not, if/then/else, dependentRequired, minProperties and propertyNames', () => {
    expect(messages({ not: { type: 'null' } }, null)).toEqual(['(root): expected a value not matching null, received null']);
    const conditional: JsonSchema = {
      type: 'object',
      if: { properties: { kind: { const: 'range' } } },
      then: { required: ['to'] },
      else: { properties: { to: false } },
    };
    expect(messages(conditional, { kind: 'range' })).toEqual(['to: required property is missing']);
    expect(messages(conditional, { kind: 'point', to: 1 })).toEqual(['to: expected no value, received number']);
    expect(messages({ dependentRequired: { from: ['to'] } }, { from: 1 })).toEqual(['to: required property is missing, since "from" is present']);
    expect(messages({ type: 'object', minProperties: 1 }, {})).toEqual(['(root): expected at least 1 properties, received 0']);
    expect(messages({ type: 'object', propertyNames: { pattern: '^[a-z]+$' } }, { ok: 1, Bad: 2 })).toEqual([
      'Bad: expected a property name matching {"pattern":"^[a-z]+$"}, received "Bad"',
    ]);
  });

  it('reports a missed contains once, not once per item', () => {
    expect(messages({ type: 'array', contains: { type: 'string' } }, [1, 2])).toEqual([
      '(root): expected at least one item matching string, received none',
    ]);
    expect(messages({ type: 'array', contains: { type: 'string' }, minContains: 2 }, ['a', 2])).toEqual([
      '(root): array must contain at least 2 items matching schema. Only 1 items were found',
    ]);
  });

  it('validates against the schema as it was when the validator was made', () => {
    const schema: { type: string } = { type: 'string' };
    const check = createJsonSchemaValidator(schema as JsonSchema);
    schema.type = 'number';
    expect(check('a')).toEqual([]);
    expect(createJsonSchemaValidator(Object.freeze({ type: 'object', properties: Object.freeze({}) }))({})).toEqual([]);
  });
});

describe('jsonSchemaDraft', () => {
  it.each([
    { uri: undefined, draft: '2020-12' },
    { uri: 'https://json-schema.org/draft/2020-12/schema', draft: '2020-12' },
    { uri: 'https://json-schema.org/draft/2019-09/schema', draft: '2019-09' },
    { uri: 'http://json-schema.org/draft-07/schema#', draft: '7' },
    { uri: 'http://json-schema.org/draft-06/schema#', draft: '7' },
    { uri: 'http://json-schema.org/draft-04/schema#', draft: '4' },
    { uri: 'https://example.com/my-meta-schema', draft: '2020-12' },
  ])('reads $uri as draft $draft', ({ uri, draft }) => {
    expect(jsonSchemaDraft(uri === undefined ? {} : { $schema: uri })).toBe(draft);
  });

  it('reads draft-04 exclusiveMinimum and exclusiveMaximum as flags', () => {
    const schema: JsonSchema = { $schema: 'http://json-schema.org/draft-04/schema#', minimum: 1, exclusiveMinimum: true, maximum: 2, exclusiveMaximum: true };
    expect(messages(schema, 1.5)).toEqual([]);
    expect(messages(schema, 1)).toEqual(['(root): expected a number > 1, received 1']);
    expect(messages(schema, 2)).toEqual(['(root): expected a number < 2, received 2']);
  });

  it('ignores $ref siblings in draft-07, as that draft says, and applies them in 2020-12', () => {
    const schema = (draft: string): JsonSchema => ({
      $schema: draft,
      $defs: { text: { type: 'string' } },
      properties: { a: { $ref: '#/$defs/text', maxLength: 1 } },
    });
    expect(messages(schema('http://json-schema.org/draft-07/schema#'), { a: 'long' })).toEqual([]);
    expect(messages(schema('https://json-schema.org/draft/2020-12/schema'), { a: 'long' })).toEqual([
      'a: expected at most 1 characters, received 4',
    ]);
  });
});
