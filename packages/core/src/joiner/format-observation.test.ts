import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { describe, expect, it } from 'vitest';
import { formatObservation } from './format-observation.js';

describe('formatObservation', () => {
  it('shows strings as they are', () => {
    expect(formatObservation('The trench is "deep".\nVery.', 100)).toBe('The trench is "deep".\nVery.');
    expect(formatObservation('', 100)).toBe('');
  });

  it('shows other values as compact JSON', () => {
    expect(formatObservation({ depth: 10_994, unit: 'm', tags: ['a', null] }, 100)).toBe('{"depth":10994,"unit":"m","tags":["a",null]}');
    expect(formatObservation(42, 100)).toBe('42');
    expect(formatObservation(true, 100)).toBe('true');
    expect(formatObservation(null, 100)).toBe('null');
    expect(formatObservation([1, 'two'], 100)).toBe('[1,"two"]');
    expect(formatObservation(new Date('2024-01-02T03:04:05.000Z'), 100)).toBe('"2024-01-02T03:04:05.000Z"');
  });

  it('never throws on values JSON cannot hold', () => {
    expect(formatObservation(undefined, 100)).toBe('undefined');
    expect(formatObservation(12345678901234567890n, 100)).toBe('"12345678901234567890"');
    expect(formatObservation({ big: 1n, gone: undefined, list: [undefined] }, 100)).toBe('{"big":"1","list":[null]}');
    expect(formatObservation(function lookup() {}, 100)).toBe('[Function lookup]');
    expect(formatObservation({ run: () => 1 }, 100)).toBe('{"run":"[Function run]"}');
    expect(formatObservation(Symbol('s'), 100)).toBe('Symbol(s)');
    expect(formatObservation({ toJSON: () => { throw new Error('no'); } }, 100)).toBe('an object with keys toJSON');
  });

  it('marks cycles but repeats an object shared without a cycle', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    expect(formatObservation(node, 100)).toBe('{"name":"a","self":"[Circular]"}');
    const shared = { x: 1 };
    expect(formatObservation({ a: shared, b: [shared] }, 100)).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    const map = new Map<string, unknown>([['k', 1]]);
    map.set('me', map);
    expect(formatObservation(map, 100)).toBe('{"k":1,"me":"[Circular]"}');
  });

  it('shows maps, sets and errors by their contents', () => {
    expect(formatObservation(new Map([['a', 1], ['b', 2]]), 100)).toBe('{"a":1,"b":2}');
    expect(formatObservation(new Map([[{ id: 1 }, 'x']]), 100)).toBe('[[{"id":1},"x"]]');
    expect(formatObservation(new Set([1, 2]), 100)).toBe('[1,2]');
    expect(formatObservation({ error: new TypeError('bad') }, 100)).toBe('{"error":{"name":"TypeError","message":"bad"}}');
  });

  it('cuts long text and says how many characters were cut', () => {
    expect(formatObservation('a'.repeat(1500), 1000)).toBe(`${'a'.repeat(1000)}… [truncated 500 more characters]`);
    expect(formatObservation({ text: 'abcdefghij' }, 5)).toBe('{"tex… [truncated 16 more characters]');
    expect(formatObservation('abc', 0)).toBe('… [truncated 3 more characters]');
  });

  it('keeps text that fits whole, and everything with Infinity', () => {
    expect(formatObservation('abcde', 5)).toBe('abcde');
    expect(formatObservation('x'.repeat(10_000), Infinity)).toHaveLength(10_000);
  });

  it('does not split a surrogate pair', () => {
    expect(formatObservation('ab😀cd', 3)).toBe('ab… [truncated 4 more characters]');
  });

  it('refuses a maxChars that is not a count', () => {
    expect(() => formatObservation('x', -1)).toThrow('Expected `maxChars` to be an integer from 0 and up, or Infinity, got `-1` (number)');
    expect(() => formatObservation('x', 1.5)).toThrow(InvalidOptionError);
    expect(() => formatObservation('x', Number.NaN)).toThrow(InvalidOptionError);
  });
});
