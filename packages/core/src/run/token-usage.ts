import type { TokenUsage } from '../model/language-model.js';
import type { UsageTally } from './run-context.js';
import type { RunUsage } from './run-result.js';

/** No tokens. */
export const ZERO_USAGE: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

/** The sum of two usages. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** A run's usage by role and in all. */
export function totalUsage(usage: UsageTally): RunUsage {
  return { planner: usage.planner, joiner: usage.joiner, total: addUsage(usage.planner, usage.joiner), calls: usage.calls };
}
