import { tool } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { mapToolNames } from './map-tool-names.js';

describe('mapToolNames', () => {
  it('keeps valid names and puts the prefix in front', () => {
    expect(mapToolNames(['read_file', 'get-sum'])).toEqual(['read_file', 'get-sum']);
    expect(mapToolNames(['read_file', 'get-sum'], { prefix: 'fs_' })).toEqual(['fs_read_file', 'fs_get-sum']);
  });

  it('replaces characters plans cannot call, and a leading digit or dash', () => {
    expect(mapToolNames(['files.read', 'github/create issue', '2fa', '-x', 'über'])).toEqual(['files_read', 'github_create_issue', '_2fa', '_-x', '_ber']);
  });

  it('avoids `join`, cuts to 64 characters and makes names unique', () => {
    const long = 'a'.repeat(70);
    const names = mapToolNames(['join', 'a.b', 'a/b', 'a_b', long, `${long}!`], { taken: ['a_b_2'] });
    expect(names).toEqual(['join_', 'a_b', 'a_b_3', 'a_b_4', 'a'.repeat(64), `${'a'.repeat(62)}_2`]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives names that tool() accepts', () => {
    for (const name of mapToolNames(['a b', '.', '💥', 'join', '9'.repeat(80)], { prefix: '-' })) {
      expect(() => tool({ name, description: '', input: { type: 'object', properties: {} }, execute: () => 1 })).not.toThrow();
    }
  });
});
