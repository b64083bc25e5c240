import { describe, expect, it, vi } from 'vitest';
import { ReferencePathError } from '../errors/reference-path-error.js';
import { Reference, Template, parseStringReferences, type ArgValue } from './reference.js';
import { readPath, resolveReferences } from './resolve-references.js';

/** A lookup over fixed results by task id. */
function results(values: Record<number, unknown>) {
  return vi.fn((id: number) => values[id]);
}

function ref(source: string): Reference {
  const reference = parseStringReferences(source);
  if (!(reference instanceof Reference)) throw new TypeError(`not one reference: ${source}`);
  return reference;
}

/** The error `action` throws. */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('an exact reference', () => {
  it.each([
    ['an object', { rows: [1, 2] }],
    ['an array', [1, 'two', { three: 3 }]],
    ['a number', 42],
    ['zero', 0],
    ['a boolean', false],
    ['null', null],
    ['a string', 'text'],
  ])('receives %s with its type, not its string form', (_, value) => {
    expect(resolveReferences(ref('$1'), results({ 1: value }))).toBe(value);
  });

  it('reads its path and keeps the type of the value it reaches', () => {
    const lookup = results({ 2: { rows: [{ n: 7, tags: ['a'] }], ok: true } });
    expect(resolveReferences(ref('$2.rows[0].n'), lookup)).toBe(7);
    expect(resolveReferences(ref('$2.rows[0].tags'), lookup)).toEqual(['a']);
    expect(resolveReferences(ref('${2}.ok'), lookup)).toBe(true);
  });

  it('reads `["key"]` steps with any key', () => {
    expect(resolveReferences(ref('$1["a b"]["x.y"]'), results({ 1: { 'a b': { 'x.y': 'deep' } } }))).toBe('deep');
  });
});

describe('a template', () => {
  it('inserts strings as they are and other values as JSON', () => {
    const template = parseStringReferences('s=$1 n=$2 b=$3 z=$4 a=$5 o=$6') as Template;
    const lookup = results({ 1: 'say "hi"', 2: 3.5, 3: true, 4: null, 5: [1, 'x'], 6: { k: 'v' } });
    expect(resolveReferences(template, lookup)).toBe('s=say "hi" n=3.5 b=true z=null a=[1,"x"] o={"k":"v"}');
  });

  it('inserts a Map as an object of its entries, not as `{}`', () => {
    const template = parseStringReferences('counts: $1') as Template;
    expect(resolveReferences(template, results({ 1: new Map([['a', 1]]) }))).toBe('counts: {"a":1}');
  });

  it('reads paths of the references inside it', () => {
    const template = parseStringReferences('$1.name is ${1}.age years old') as Template;
    expect(resolveReferences(template, results({ 1: { name: 'Ada', age: 36 } }))).toBe('Ada is 36 years old');
  });
});

describe('arguments holding references', () => {
  it('resolves references inside nested arrays and objects and leaves plain values alone', () => {
    const args: ArgValue = {
      title: 'plain $ text',
      count: 3,
      flag: null,
      rows: [ref('$1'), [ref('$2.items[1]'), 'x'], { inner: ref('$1.n'), note: parseStringReferences('n is $1.n') }],
    };
    const lookup = results({ 1: { n: 5 }, 2: { items: ['a', { deep: true }] } });
    expect(resolveReferences(args, lookup)).toEqual({
      title: 'plain $ text',
      count: 3,
      flag: null,
      rows: [{ n: 5 }, [{ deep: true }, 'x'], { inner: 5, note: 'n is 5' }],
    });
  });

  it('never scans a result for references: a result containing `$2` stays as it is', () => {
    const lookup = results({ 1: 'costs $2 or ${2}.x', 2: 'SHOULD NOT APPEAR' });
    expect(resolveReferences(ref('$1'), lookup)).toBe('costs $2 or ${2}.x');
    expect(resolveReferences(parseStringReferences('quote: $1') as Template, lookup)).toBe('quote: costs $2 or ${2}.x');
    expect(resolveReferences([ref('$1'), { nested: ref('$1') }], lookup)).toEqual(['costs $2 or ${2}.x', { nested: 'costs $2 or ${2}.x' }]);
    expect(lookup.mock.calls.every(([id]) => id === 1)).toBe(true);
  });

  it('keeps an argument named `__proto__` as an own property without touching the prototype', () => {
    const withReference: { [key: string]: ArgValue } = { b: 1 };
    Object.defineProperty(withReference, '__proto__', { value: ref('$1'), enumerable: true, writable: true, configurable: true });
    const resolved = resolveReferences(withReference, results({ 1: { polluted: true } })) as Record<string, unknown>;
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.hasOwn(resolved, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a missing path', () => {
  it('is a ReferencePathError naming the task, the reference, the step and the keys', () => {
    const error = thrown(() => resolveReferences({ x: ref('$1.nope') }, results({ 1: { rows: [], count: 0 } }), 4));
    expect(ReferencePathError.isInstance(error)).toBe(true);
    const pathError = error as ReferencePathError;
    expect(pathError.message).toBe('Task 4: `$1.nope` has no property `nope`: the result of task 1 is an object with keys rows, count');
    expect(pathError.taskId).toBe(4);
    expect(pathError.reference).toBe('$1.nope');
    expect(pathError.availableKeys).toEqual(['rows', 'count']);
  });

  it('names the length of an array that is too short', () => {
    const error = thrown(() => readPath({ rows: ['a', 'b'] }, ['rows', 3], '$1.rows[3]')) as ReferencePathError;
    expect(ReferencePathError.isInstance(error)).toBe(true);
    expect(error.message).toBe('`$1.rows[3]` has no index 3: `$1.rows` of task 1 is an array of length 2');
    expect(error.taskId).toBeUndefined();
  });

  it('names the length of a string that is too short', () => {
    const error = thrown(() => readPath('abc', [5], '$2[5]')) as ReferencePathError;
    expect(error.message).toBe('`$2[5]` has no index 5: the result of task 2 is a string of length 3');
  });

  it('names the value a step cannot be read from', () => {
    expect((thrown(() => readPath({ a: 5 }, ['a', 'b'], '$1.a.b')) as Error).message).toBe(
      '`$1.a.b` cannot read property `b` of `$1.a`: it is `5` (number)',
    );
    expect((thrown(() => readPath(null, ['a'], '$3.a', 7)) as Error).message).toBe(
      'Task 7: `$3.a` cannot read property `a` of the result: it is `null`',
    );
    expect(ReferencePathError.isInstance(thrown(() => readPath(undefined, [0], '$3[0]')))).toBe(true);
  });

  it('names the step before a failing one by the path as written, also for quoted keys holding `.` or `[`', () => {
    const error = thrown(() => readPath({ 'a.b': { x: 1 } }, ['a.b', 'c'], '$1["a.b"].c')) as ReferencePathError;
    expect(error.message).toBe('`$1["a.b"].c` has no property `c`: `$1["a.b"]` of task 1 is an object with keys x');
  });

  it('is raised from inside a template', () => {
    const template = parseStringReferences('value: $1.missing') as Template;
    expect(ReferencePathError.isInstance(thrown(() => resolveReferences(template, results({ 1: {} }))))).toBe(true);
  });
});

describe('own-property access only', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses `%s`, even as an own property', (key) => {
    const own = JSON.parse(`{"${key}": {"secret": 1}}`) as object;
    expect(Object.hasOwn(own, key)).toBe(true);
    const error = thrown(() => resolveReferences(ref(`$1.${key}`), results({ 1: own }), 2)) as ReferencePathError;
    expect(ReferencePathError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`reads \`${key}\``);
    expect(error.taskId).toBe(2);
    expect(ReferencePathError.isInstance(thrown(() => readPath({}, [key], `$1["${key}"]`)))).toBe(true);
    expect(ReferencePathError.isInstance(thrown(() => readPath({ a: own }, ['a', key, 'secret'], `$1.a.${key}.secret`)))).toBe(true);
  });

  it('refuses inherited properties', () => {
    expect(ReferencePathError.isInstance(thrown(() => readPath({}, ['toString'], '$1.toString')))).toBe(true);
    expect(ReferencePathError.isInstance(thrown(() => readPath([1], ['map'], '$1.map')))).toBe(true);
    expect(ReferencePathError.isInstance(thrown(() => readPath(Object.create({ inherited: 1 }), ['inherited'], '$1.inherited')))).toBe(true);
  });

  it('reads a string’s `length` and its characters by index', () => {
    expect(readPath('héllo', ['length'], '$1.length')).toBe(5);
    expect(readPath('héllo', [1], '$1[1]')).toBe('é');
    expect(readPath({ name: 'Ada' }, ['name', 'length'], '$1.name.length')).toBe(3);
    expect(resolveReferences(ref('$1[0]'), results({ 1: 'xyz' }))).toBe('x');
  });

  it('reads an array’s `length`', () => {
    expect(readPath([1, 2, 3], ['length'], '$1.length')).toBe(3);
  });
});
