import { describe, expect, it } from 'vitest';
import { parseJsonPointer } from './parse-json-pointer.js';

describe('parseJsonPointer', () => {
  it('splits a URI fragment pointer into tokens, decoding percent-encoding', () => {
    expect(parseJsonPointer('#')).toEqual([]);
    expect(parseJsonPointer('#/rows/0/name')).toEqual(['rows', '0', 'name']);
    expect(parseJsonPointer('#/first%20name/%25')).toEqual(['first name', '%']);
    expect(parseJsonPointer('#/')).toEqual(['']);
  });

  it('unescapes ~1 to / before ~0 to ~', () => {
    expect(parseJsonPointer('#/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
    expect(parseJsonPointer('/a~1b/%20')).toEqual(['a/b', '%20']);
    expect(parseJsonPointer('')).toEqual([]);
  });
});
