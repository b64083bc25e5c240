import { describe, expect, it } from 'vitest';
import { ArgumentSyntaxError, parseArguments } from './parse-arguments.js';

describe('parseArguments: nesting', () => {
  it('reads lists, tuples and objects nested up to maxNesting', () => {
    expect(parseArguments('[[1]], {"a": (2,)}', { maxNesting: 2 }).positional).toEqual([[[1]], { a: [2] }]);
  });

  it.each([
    ['lists', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
    ['tuples', (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`],
    ['objects', (depth: number) => `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`],
  ])('refuses %s nested deeper, 100,000 levels included, without running out of stack', (_, nest) => {
    for (const depth of [3, 100_000]) {
      let error: unknown;
      try {
        parseArguments(nest(depth), { maxNesting: 2 });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ArgumentSyntaxError);
      expect(error).toMatchObject({ tooDeep: true });
      expect((error as Error).message).toMatch(/^expected at most 2 levels of nesting, got deeper at column \d+ of the arguments$/);
    }
  });

  it('allows 256 levels by default', () => {
    expect(() => parseArguments(`${'['.repeat(256)}${']'.repeat(256)}`)).not.toThrow();
    expect(() => parseArguments(`${'['.repeat(257)}${']'.repeat(257)}`)).toThrow('expected at most 256 levels of nesting, got deeper at column 257');
  });

  it('never reads arguments that nest too deep as unquoted text', () => {
    expect(parseArguments('x, ((1))', { maxNesting: 3 }).unquoted).toEqual(['x']);
    expect(() => parseArguments('x, ((((1))))', { maxNesting: 3 })).toThrow('expected at most 3 levels of nesting, got deeper at column 7');
  });
});
