import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reference, Template, parseStringReferences, readReference } from './reference.js';

describe('readReference', () => {
  it('reads `$N` with a multi-digit id', () => {
    expect(readReference('$1', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$123 rest', 0)).toEqual({ id: 123, path: [], end: 4 });
  });

  it('reads `${N}` and ends after the closing brace', () => {
    expect(readReference('${12}', 0)).toEqual({ id: 12, path: [], end: 5 });
    expect(readReference('${12}.a', 0)).toEqual({ id: 12, path: ['a'], end: 7 });
  });

  it('reads no reference from `${N` without its closing brace', () => {
    expect(readReference('${12', 0)).toBeUndefined();
    expect(readReference('${12.a}', 0)).toBeUndefined();
    expect(readReference('${}', 0)).toBeUndefined();
  });

  it('reads a path of `.name` steps', () => {
    expect(readReference('$1.a.b', 0)).toEqual({ id: 1, path: ['a', 'b'], end: 6 });
    expect(readReference('$1._x.y_2', 0)).toEqual({ id: 1, path: ['_x', 'y_2'], end: 9 });
  });

  it('reads `[index]` steps as numbers', () => {
    expect(readReference('$1[0]', 0)).toEqual({ id: 1, path: [0], end: 5 });
    expect(readReference('$2.rows[10].name', 0)).toEqual({ id: 2, path: ['rows', 10, 'name'], end: 16 });
  });

  it('reads `["key"]` and `[\'key\']` steps, which may hold any text', () => {
    expect(readReference('$1["a b"]', 0)).toEqual({ id: 1, path: ['a b'], end: 9 });
    expect(readReference("$1['a.b'][0]", 0)).toEqual({ id: 1, path: ['a.b', 0], end: 12 });
    expect(readReference('$1["$2"]', 0)).toEqual({ id: 1, path: ['$2'], end: 8 });
  });

  it('stops the path at a `.` that no name follows', () => {
    expect(readReference('$1. then', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1.', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1.a. b', 0)).toEqual({ id: 1, path: ['a'], end: 4 });
    expect(readReference('$1.5', 0)).toEqual({ id: 1, path: [], end: 2 });
  });

  it('stops the path at a bracket that is not a whole index or quoted key', () => {
    expect(readReference('$1[x]', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1[0', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1["a', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1["a"x]', 0)).toEqual({ id: 1, path: [], end: 2 });
    expect(readReference('$1.a[', 0)).toEqual({ id: 1, path: ['a'], end: 4 });
  });

  it('reads no reference from `$$`, `$x`, `$ ` or a lone `$`', () => {
    expect(readReference('$$1', 0)).toBeUndefined();
    expect(readReference('$x', 0)).toBeUndefined();
    expect(readReference('$ 1', 0)).toBeUndefined();
    expect(readReference('$', 0)).toBeUndefined();
  });

  it('reads from the given start and returns an absolute end', () => {
    expect(readReference('costs $3.b!', 6)).toEqual({ id: 3, path: ['b'], end: 10 });
  });
});

describe('parseStringReferences', () => {
  it('returns a string without `$` as it is', () => {
    expect(parseStringReferences('plain text')).toBe('plain text');
    expect(parseStringReferences('')).toBe('');
  });

  it('returns the Reference itself when the string is exactly one reference', () => {
    const exact = parseStringReferences('$1');
    expect(exact).toBeInstanceOf(Reference);
    expect(exact).toEqual(new Reference(1, [], '$1', true));

    const withPath = parseStringReferences('${2}.rows[0]["a b"]');
    expect(withPath).toBeInstanceOf(Reference);
    expect(withPath).toEqual(new Reference(2, ['rows', 0, 'a b'], '${2}.rows[0]["a b"]', true));
  });

  it('returns a Template when a reference stands inside longer text', () => {
    const template = parseStringReferences('population of $1 in $2.year.');
    expect(template).toBeInstanceOf(Template);
    expect((template as Template).parts).toEqual([
      'population of ',
      new Reference(1, [], '$1', true),
      ' in ',
      new Reference(2, ['year'], '$2.year', true),
      '.',
    ]);
  });

  it('treats surrounding spaces as text: ` $1` is a template, not an exact reference', () => {
    expect(parseStringReferences(' $1')).toBeInstanceOf(Template);
    expect(parseStringReferences('$1 ')).toBeInstanceOf(Template);
  });

  it('reads two adjacent references as a template of two parts', () => {
    const template = parseStringReferences('$1$2') as Template;
    expect(template).toBeInstanceOf(Template);
    expect(template.parts).toEqual([new Reference(1, [], '$1', true), new Reference(2, [], '$2', true)]);
  });

  it('keeps a `.` followed by a space as text after the reference', () => {
    const template = parseStringReferences('see $1. Then go on') as Template;
    expect(template.parts).toEqual(['see ', new Reference(1, [], '$1', true), '. Then go on']);
  });

  it('reads `$$` as one literal dollar', () => {
    expect(parseStringReferences('$$')).toBe('$');
    expect(parseStringReferences('$$1')).toBe('$1');
    expect(parseStringReferences('pay $$5 now')).toBe('pay $5 now');
    const template = parseStringReferences('$$1 is not $1') as Template;
    expect(template.parts).toEqual(['$1 is not ', new Reference(1, [], '$1', true)]);
  });

  it('keeps `$` that starts no reference as text', () => {
    expect(parseStringReferences('$x and $ and $')).toBe('$x and $ and $');
    expect(parseStringReferences('${x}')).toBe('${x}');
  });

  it('reads `$5` in "costs $5" as a reference; the task graph decides later whether task 5 exists', () => {
    const template = parseStringReferences('costs $5') as Template;
    expect(template.parts).toEqual(['costs ', new Reference(5, [], '$5', true)]);
  });
});

describe('serialising as written', () => {
  it('serialises a Reference to its source', () => {
    expect(new Reference(3, ['rows', 0], '$3.rows[0]', false).toJSON()).toBe('$3.rows[0]');
    expect(JSON.stringify({ rows: new Reference(3, ['rows'], '${3}.rows', true) })).toBe('{"rows":"${3}.rows"}');
  });

  it('serialises a Template with its literal dollars doubled, so it reads back the same', () => {
    const template = parseStringReferences('pay $$5 for $1 ($x)') as Template;
    expect(template.toJSON()).toBe('pay $$5 for $1 ($$x)');
    expect(JSON.stringify([template])).toBe('["pay $$5 for $1 ($$x)"]');
    expect(parseStringReferences(template.toJSON())).toEqual(template);
  });

  it('reads back any Reference or Template from its JSON form', () => {
    const token = fc.constantFrom('$', '$$', '1', '12', '{', '}', '.', 'a', '[', ']', '0', '"', "'", ' ', 'x');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), (tokens) => {
        const parsed = parseStringReferences(tokens.join(''));
        if (typeof parsed === 'string') return;
        const again = parseStringReferences(parsed.toJSON());
        expect(again).toEqual(parsed);
        expect(again.constructor).toBe(parsed.constructor);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
