import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCase, cut, fuzzCase, mutate, UntypedParseError } from './plan-fuzz.js';

describe('the plan parsers under 10,000 mutated plans', () => {
  it('never throw, and give the same events whole, in chunks and one character at a time', () => {
    // A fixed seed keeps the suite reproducible; a failure prints its seed and shrunk counterexample.
    fc.assert(fc.property(fuzzCase, (test) => void checkCase(test)), { numRuns: 10_000, seed: 20_261_130 });
  }, 300_000);
});

describe('the fuzz harness', () => {
  it('mutates deterministically, modulo the text length', () => {
    expect(mutate('abc', [{ kind: 'insert', at: 4, fragment: 0 }])).toBe('(abc');
    expect(mutate('abcdef', [{ kind: 'delete', at: 1, length: 2 }])).toBe('adef');
    expect(mutate('abcdef', [{ kind: 'duplicate', at: 1, length: 2 }])).toBe('abcbcdef');
    expect(mutate('abcdef', [{ kind: 'truncate', at: 3 }])).toBe('abc');
  });

  it('cuts a text into chunks that join back into it', () => {
    expect(cut('abcdef', [4, 1, 1])).toEqual(['a', '', 'bcd', 'ef']);
    expect(cut('abc', []).join('')).toBe('abc');
  });

  it('tells a typed error of the library from a bug', () => {
    const error = new UntypedParseError(new RangeError('Maximum call stack size exceeded'), 'x'.repeat(10));
    expect(error.message).toBe('The parser threw RangeError: Maximum call stack size exceeded on a plan of 10 characters');
  });
});
