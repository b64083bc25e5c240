import { describe, expect, it } from 'vitest';
import { TOO_DEEP, mapArgValue, nestingDepth } from './map-arg-value.js';
import { Reference, Template } from './reference.js';

const upper = (value: unknown): unknown => (typeof value === 'string' ? value.toUpperCase() : value);

/** `[[[...[leaf]...]]]`, alternating arrays and objects, built without recursion. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

describe('mapArgValue', () => {
  it('maps every leaf in order and returns unchanged arrays and objects themselves', () => {
    const seen: unknown[] = [];
    const value = { a: [1, 'x', { b: null }], c: true };
    const mapped = mapArgValue(value, (leaf) => {
      seen.push(leaf);
      return leaf;
    });
    expect(mapped).toBe(value);
    expect(seen).toEqual([1, 'x', null, true]);
  });

  it('copies only the containers on the way to a change', () => {
    const untouched = { n: 1 };
    const value = { a: untouched, b: ['x', 2], c: 3 };
    const mapped = mapArgValue(value, upper) as typeof value;
    expect(mapped).toEqual({ a: { n: 1 }, b: ['X', 2], c: 3 });
    expect(mapped).not.toBe(value);
    expect(mapped.a).toBe(untouched);
    expect(Object.keys(mapped)).toEqual(['a', 'b', 'c']);
    expect(value.b).toEqual(['x', 2]);
  });

  it('treats references and templates as leaves', () => {
    const reference = new Reference(1, [], '$1', true);
    const template = new Template(['a ', reference]);
    const mapped = mapArgValue([reference, template], (leaf) => (leaf instanceof Reference ? 'ref' : leaf));
    expect(mapped).toEqual(['ref', template]);
  });

  it('keeps a `__proto__` key as an own property when it copies an object', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "x"}, "b": "y"}') as Record<string, unknown>;
    const mapped = mapArgValue(value, upper) as Record<string, unknown>;
    expect(Object.hasOwn(mapped, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    expect(mapped.b).toBe('Y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('walks and copies a value nested 100,000 levels deep without overflowing the stack', () => {
    const mapped = mapArgValue(nested(100_000, 'deep'), upper);
    let value = mapped;
    for (let i = 100_000 - 1; i >= 0; i--) value = i % 2 === 0 ? (value as unknown[])[0] : (value as { k: unknown }).k;
    expect(value).toBe('DEEP');
  });

  it.each([1, 2, 31, 32, 33, 40, 1000])('stops past maxDepth %i, and not at it', (depth) => {
    expect(mapArgValue(nested(depth, 'x'), upper, depth)).not.toBe(TOO_DEEP);
    expect(mapArgValue(nested(depth + 1, 'x'), upper, depth)).toBe(TOO_DEEP);
  });

  it('counts a leaf as no level and a container as one', () => {
    expect(mapArgValue('x', upper, 0)).toBe('X');
    expect(mapArgValue([], upper, 0)).toBe(TOO_DEEP);
  });
});

describe('nestingDepth', () => {
  it('counts the deepest branch, without recursion', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth([])).toBe(1);
    expect(nestingDepth({ a: [1], b: [[{ c: 2 }]] })).toBe(4);
    expect(nestingDepth(nested(100_000, 1))).toBe(100_000);
  });
});
