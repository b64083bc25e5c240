import { describe, expect, it } from 'vitest';
import { computeTokenDelay, instantLatency, mergeLatency } from './latency-model.js';

describe('computeTokenDelay', () => {
  const latency = { timeToFirstTokenMs: 100, outputTokensPerSecond: 10, promptTokensPerSecond: 1_000 };

  it('waits the time to first token plus the prompt for the first token, then 1/tps per token', () => {
    expect(computeTokenDelay(latency, { promptTokens: 500, tokens: 1 })).toBe(600);
    expect(computeTokenDelay(latency, { promptTokens: 500, tokens: 3 })).toBe(800);
    expect(computeTokenDelay(latency, { promptTokens: 0, tokens: 0 })).toBe(100);
  });

  it('is 0 for the instant default', () => {
    expect(computeTokenDelay(instantLatency, { promptTokens: 10_000, tokens: 10_000 })).toBe(0);
  });
});

describe('mergeLatency', () => {
  it('overrides the fields that are set', () => {
    expect(mergeLatency(instantLatency, { timeToFirstTokenMs: 50 }, 'latency')).toEqual({
      ...instantLatency,
      timeToFirstTokenMs: 50,
    });
    expect(mergeLatency(instantLatency, undefined, 'latency')).toBe(instantLatency);
  });

  it('names the field, what was expected and what came', () => {
    expect(() => mergeLatency(instantLatency, { timeToFirstTokenMs: -1 }, 'latency')).toThrow(
      'Expected `latency.timeToFirstTokenMs` to be a finite number from 0 and up, got `-1` (number)',
    );
    expect(() => mergeLatency(instantLatency, { outputTokensPerSecond: 0 }, 'answer.latency')).toThrow(
      'Expected `answer.latency.outputTokensPerSecond` to be a number above 0 (Infinity for no delay), got `0` (number)',
    );
  });
});
