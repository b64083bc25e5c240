import { countPromptTokens, type ChatRequest } from '@llmcompiler/testing';
import { describe, expect, it } from 'vitest';
import { PROMPT_CACHING } from './profiles.js';
import { cachedTokensOf, createPromptCache, firstTokenMs } from './prompt-cache.js';

const LONG_SYSTEM = `You answer questions. ${'Static instructions that every request repeats word for word. '.repeat(150)}`;

function chat(...contents: string[]): ChatRequest {
  return { model: 'm', messages: [{ role: 'system', content: LONG_SYSTEM }, ...contents.map((content) => ({ role: 'user' as const, content }))] } as ChatRequest;
}

describe('prompt caching arithmetic', () => {
  it('serves nothing under the minimum prompt, and whole blocks of the matched prefix above it', () => {
    expect(cachedTokensOf({ promptTokens: 1_023, matchedTokens: 1_023 })).toBe(0);
    expect(cachedTokensOf({ promptTokens: 1_024, matchedTokens: 1_023 })).toBe(896);
    expect(cachedTokensOf({ promptTokens: 1_500, matchedTokens: 1_300 })).toBe(1_280);
    expect(cachedTokensOf({ promptTokens: 2_000, matchedTokens: 5_000 })).toBe(1_920);
    expect(cachedTokensOf({ promptTokens: 2_000, matchedTokens: 0 })).toBe(0);
  });

  it('reads cached tokens in a fifth of the time of uncached ones', () => {
    const model = { timeToFirstTokenMs: 400, promptTokensPerSecond: 10_000 };
    expect(firstTokenMs(model, { promptTokens: 2_000, cachedTokens: 0 })).toBeCloseTo(600);
    expect(firstTokenMs(model, { promptTokens: 2_000, cachedTokens: 1_000 })).toBeCloseTo(520);
    expect(firstTokenMs(model, { promptTokens: 2_000, cachedTokens: 2_000 })).toBeCloseTo(440);
    expect(PROMPT_CACHING.cachedReadShare).toBe(0.2);
  });
});

describe('the prompt cache', () => {
  it('misses the first time, then serves the shared prefix in steps of 128 tokens', () => {
    const cache = createPromptCache({ enabled: true });
    const first = cache.read(chat('Question one?'));
    expect(first).toEqual({ promptTokens: countPromptTokens(chat('Question one?')), cachedTokens: 0 });
    const second = cache.read(chat('Another question, longer than the first?'));
    expect(second.cachedTokens % 128).toBe(0);
    expect(second.cachedTokens).toBeGreaterThan(first.promptTokens - 200);
    expect(second.cachedTokens).toBeLessThanOrEqual(first.promptTokens);
  });

  it('serves a growing conversation its earlier turns', () => {
    const cache = createPromptCache({ enabled: true });
    const turn1 = cache.read(chat('Q?'));
    const turn2 = cache.read(chat('Q?', 'A long answer and its observation. '.repeat(60)));
    expect(turn2.cachedTokens).toBeGreaterThan(turn1.promptTokens - 128);
  });

  it('serves nothing when the prefix differs from the start, or when caching is off', () => {
    const cache = createPromptCache({ enabled: true });
    cache.read(chat('Q?'));
    const other = { model: 'm', messages: [{ role: 'system', content: `Different. ${LONG_SYSTEM}` }] } as ChatRequest;
    expect(cache.read(other).cachedTokens).toBe(0);
    const off = createPromptCache({ enabled: false });
    off.read(chat('Q?'));
    expect(off.read(chat('Q?')).cachedTokens).toBe(0);
  });
});
