import { describe, expect, it } from 'vitest';
import { parseStringReferences, type Template } from '../graph/reference.js';
import { resolveReferences } from '../graph/resolve-references.js';
import { formatObservation } from '../joiner/format-observation.js';
import { valueToText } from './value-to-text.js';

class Point {
  readonly x: number;
  readonly y: number;
  #secret = 'hidden';
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
  get sum(): number {
    return this.x + this.y + this.#secret.length;
  }
}

function cyclic(): Record<string, unknown> {
  const node: Record<string, unknown> = { name: 'a' };
  node.self = node;
  return node;
}

const throwingToJSON = { toJSON: (): never => { throw new Error('no'); } };
const throwingGetter = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: (): never => { throw new Error('no'); } });

/** Each kind of value and the text it reads as, wherever it becomes text. */
const cases: readonly (readonly [string, unknown, string])[] = [
  ['a string', 'say "hi"', 'say "hi"'],
  ['a number', 3.5, '3.5'],
  ['NaN', Number.NaN, 'null'],
  ['a boolean', false, 'false'],
  ['null', null, 'null'],
  ['undefined', undefined, 'undefined'],
  ['a plain object', { k: 'v', n: [1, null] }, '{"k":"v","n":[1,null]}'],
  ['an array', [1, 'x', undefined], '[1,"x",null]'],
  ['a Map with string keys', new Map([['a', 1], ['b', 2]]), '{"a":1,"b":2}'],
  ['a Map with number keys', new Map([[1, 'one']]), '{"1":"one"}'],
  ['a Map with object keys', new Map([[{ id: 1 }, 'x']]), '[[{"id":1},"x"]]'],
  ['a Set', new Set([1, 'two']), '[1,"two"]'],
  ['a Date', new Date('2024-01-02T03:04:05.000Z'), '"2024-01-02T03:04:05.000Z"'],
  ['an invalid Date', new Date(Number.NaN), 'null'],
  ['a bigint', 12345678901234567890n, '"12345678901234567890"'],
  ['a class instance', new Point(1, 2), '{"x":1,"y":2}'],
  ['an Error', new TypeError('bad'), 'TypeError: bad'],
  ['a function', function lookup() {}, '[Function lookup]'],
  ['an anonymous function', (() => () => 1)(), '[Function]'],
  ['a symbol', Symbol('s'), 'Symbol(s)'],
  ['boxed primitives', [Object(1), Object('s'), Object(true), Object(2n)], '[1,"s",true,"2"]'],
  [
    'nested values',
    { when: new Date(0), tags: new Set(['a']), counts: new Map([['x', 1n]]), error: new RangeError('r'), run: () => 1, gone: undefined },
    '{"when":"1970-01-01T00:00:00.000Z","tags":["a"],"counts":{"x":"1"},"error":{"name":"RangeError","message":"r"},"run":"[Function run]"}',
  ],
  ['a cyclic object', cyclic(), '{"name":"a","self":"[Circular]"}'],
  ['a throwing toJSON', throwingToJSON, 'an object with keys toJSON'],
  ['a throwing getter', throwingGetter, 'an object with keys ok, bad'],
  ['a throwing toJSON inside a structure', { a: 1, b: throwingToJSON }, '{"a":1,"b":"an object with keys toJSON"}'],
];

describe('valueToText', () => {
  it.each(cases)('reads %s the same when interpolated and when observed', (_, value, text) => {
    const template = parseStringReferences('x: $1') as Template;
    expect(valueToText(value)).toBe(text);
    expect(resolveReferences(template, () => value)).toBe(`x: ${text}`);
    expect(formatObservation(value, Infinity)).toBe(text);
  });

  it('writes plain objects and arrays exactly as JSON.stringify does', () => {
    const value = { a: [1, 2.5, -0, 1e21, 'é"\n', { b: null, c: true }], 'd e': {}, f: [], g: '' };
    expect(valueToText(value)).toBe(JSON.stringify(value));
  });

  it('honours toJSON and calls it with the key', () => {
    const keys: string[] = [];
    const value = { toJSON: (key: string) => { keys.push(key); return { as: key }; } };
    expect(valueToText({ first: value, list: [value] })).toBe('{"first":{"as":"first"},"list":[{"as":"0"}]}');
    expect(keys).toEqual(['first', '0']);
  });

  it('marks only true cycles, through maps and sets too', () => {
    const shared = { x: 1 };
    expect(valueToText({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    const set = new Set<unknown>([1]);
    set.add(set);
    expect(valueToText(set)).toBe('[1,"[Circular]"]');
    const map = new Map<string, unknown>([['k', 1]]);
    map.set('me', map);
    expect(valueToText({ map })).toBe('{"map":{"k":1,"me":"[Circular]"}}');
  });

  it('never throws, even on a proxy whose every trap throws or a revoked proxy', () => {
    const hostile = new Proxy({}, {
      get: () => { throw new Error('get'); },
      ownKeys: () => { throw new Error('ownKeys'); },
      getPrototypeOf: () => { throw new Error('getPrototypeOf'); },
    });
    expect(valueToText(hostile)).toBe('a value that cannot be described');
    expect(valueToText({ hostile })).toBe('{"hostile":"a value that cannot be described"}');
    const unnamed = Object.defineProperty(new Error('x'), 'name', { get: (): never => { throw new Error('name'); } });
    expect(valueToText(unnamed)).toBe('an empty object');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(valueToText(proxy)).toBe('a value that cannot be described');
    expect(valueToText([proxy])).toBe('["a value that cannot be described"]');
  });
});
