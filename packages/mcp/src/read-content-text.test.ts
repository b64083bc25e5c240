import { describe, expect, it } from 'vitest';
import { readContentText } from './read-content-text.js';

describe('readContentText', () => {
  it('joins text blocks, embedded text resources and placeholders for the rest, one per line', () => {
    expect(
      readContentText([
        { type: 'text', text: 'two files' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'alpha' } },
        { type: 'resource', resource: { uri: 'file:///b.png', mimeType: 'image/png', blob: 'AAAA' } },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource_link', uri: 'file:///c.txt', name: 'c' },
        { type: 'something-new' },
        'not a block',
      ]),
    ).toBe(['two files', 'alpha', '[resource file:///b.png image/png]', '[image image/png]', '[audio audio/wav]', '[resource link file:///c.txt]', '[something-new]', '[content]'].join('\n'));
  });

  it('gives an empty string for no content', () => {
    expect(readContentText([])).toBe('');
  });
});
