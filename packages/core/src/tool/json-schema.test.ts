import { describe, expect, it } from 'vitest';
import { validateJsonSchema, type JsonSchema } from './json-schema.js';

const messages = (schema: JsonSchema, value: unknown): string[] =>
  validateJsonSchema(schema, value).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);

describe('validateJsonSchema', () => {
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
    expect(messages({ minLength: 2 }, '😀')).toEqual(['(root): expected at least 2 characters, received 1']);
    expect(messages({ maxLength: 1 }, '😀')).toEqual([]);
    expect(messages({ maxLength: 1 }, 'ab')).toEqual(['(root): expected at most 1 characters, received 2']);
  });

  it('checks anyOf and oneOf as "at least one matches"', () => {
    const schema: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'object', properties: { a: { type: 'number' } } }] };
    expect(messages(schema, 'x')).toEqual([]);
    expect(messages(schema, { a: 1 })).toEqual([]);
    expect(messages(schema, 3)).toEqual(['(root): expected string | { a?: number }, received number']);
    expect(messages({ oneOf: [{ type: 'null' }, { type: 'integer' }] }, 'x')).toEqual(['(root): expected null | integer, received string']);
  });

  it('follows nested objects and arrays with the full path', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { rows: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
    };
    expect(validateJsonSchema(schema, { rows: [{ name: 'a' }, {}] })).toEqual([
      { message: 'required property is missing', path: ['rows', 1, 'name'] },
    ]);
  });

  it('treats true as anything and false as nothing', () => {
    expect(messages({ type: 'object', properties: { a: true, b: false } }, { a: 1 })).toEqual([]);
    expect(messages({ type: 'object', properties: { a: true, b: false } }, { b: 1 })).toEqual(['b: expected no value, received number']);
  });

  it('ignores keywords outside its subset', () => {
    expect(messages({ type: 'string', pattern: '^a$', format: 'email' }, 'b')).toEqual([]);
  });
});
