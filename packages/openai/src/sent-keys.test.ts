import { describe, expect, it } from 'vitest';
import { SentKeys } from './sent-keys.js';

describe('SentKeys', () => {
  it('remembers each key a wrapped apiKey function returns, once, the newest last', async () => {
    const keys = new SentKeys();
    const returned = ['sk-a', 'sk-b', 'sk-a'];
    const apiKey = keys.wrap(async () => returned.shift()!);
    expect([await apiKey(), await apiKey(), await apiKey()]).toEqual(['sk-a', 'sk-b', 'sk-a']);
    expect(keys.list()).toEqual(['sk-b', 'sk-a']);
  });

  it('keeps the latest 16 keys and ignores anything but a non-empty string', () => {
    const keys = new SentKeys();
    for (let index = 0; index < 20; index++) keys.remember(`sk-${index}`);
    for (const value of ['', undefined, 42]) keys.remember(value);
    expect(keys.list()).toEqual(Array.from({ length: 16 }, (_, index) => `sk-${index + 4}`));
  });
});
