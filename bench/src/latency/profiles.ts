/**
 * The latency profiles the benchmark runs under: the paper's era, and today's models from published
 * measurements. Each figure says where it comes from; a figure no one publishes is marked an estimate.
 */
import type { ModelProfile, WorkloadName } from './types.js';

/** The names of the profiles. */
export type ProfileName = 'paper' | 'gpt-4.1-mini' | 'gemini-2.5-flash';

/** A latency profile: the model each workload runs with, and where its figures come from. */
export interface LatencyProfile {
  readonly name: ProfileName;
  /** e.g. `2025-26: GPT-4.1 mini-like`. */
  readonly title: string;
  readonly era: 'paper' | 'today';
  /** The model of a workload under this profile. */
  modelOf(workload: WorkloadName): ModelProfile;
  /** Where each figure comes from, as lines for the report. */
  readonly sources: readonly string[];
}

/** The paper's era (2023-24): what gpt-3.5-turbo and gpt-4-turbo did when the paper was written. */
export const PAPER_MODELS = {
  gpt35: { name: 'gpt-3.5-turbo-like', timeToFirstTokenMs: 350, outputTokensPerSecond: 75, promptTokensPerSecond: 6_000 },
  gpt4: { name: 'gpt-4-turbo-like', timeToFirstTokenMs: 600, outputTokensPerSecond: 25, promptTokensPerSecond: 3_000 },
} as const satisfies Record<string, ModelProfile>;

/**
 * GPT-4.1 mini (OpenAI, 2025), a common tool-calling model. Artificial Analysis, "GPT-4.1 mini: API
 * provider benchmarking" (model page, stored copy of 2025-26, default workload 10k input tokens): OpenAI
 * endpoint 77.2 output tokens/s, 0.93 s to the first token. The prompt rate is not published: 40,000
 * tokens/s is an estimate (the middle of the 30-90k tokens/s the review gives for 2025-26 models), and the
 * fixed part of the first token is what remains of the 0.93 s after 10,000 tokens at that rate (0.25 s).
 */
const GPT41_MINI: ModelProfile = { name: 'gpt-4.1-mini-like', timeToFirstTokenMs: 680, outputTokensPerSecond: 77, promptTokensPerSecond: 40_000 };

/**
 * Gemini 2.5 Flash (Google, 2025), thinking off. Jonathan Wrede, "TTFT varies 13x across LLM providers"
 * (hourly probes through OpenRouter, 2026): median 412 ms to the first token on a one-word prompt and
 * 235.6 tokens/s; Kunal Ganglani, "I tested 5 LLM APIs for latency" (March 2026): 204.5 tokens/s. The
 * profile takes 410 ms and 220 tokens/s (between the two). The prompt rate, 90,000 tokens/s, is an
 * estimate (the top of the review's 30-90k tokens/s).
 */
const GEMINI_25_FLASH: ModelProfile = { name: 'gemini-2.5-flash-like', timeToFirstTokenMs: 410, outputTokensPerSecond: 220, promptTokensPerSecond: 90_000 };

/** Every profile, paper's era first. */
export const PROFILES: Readonly<Record<ProfileName, LatencyProfile>> = {
  paper: {
    name: 'paper',
    title: "paper's era (2023-24)",
    era: 'paper',
    modelOf: (workload) => (workload === 'parallelqa' ? PAPER_MODELS.gpt4 : PAPER_MODELS.gpt35),
    sources: [
      "paper's era: gpt-4-turbo-like for ParallelQA (600 ms to the first token, 3,000 prompt tokens/s, 25 tokens/s) and gpt-3.5-turbo-like for the rest (350 ms, 6,000 prompt tokens/s, 75 tokens/s), as the paper's models were (Kim et al., ICML 2024, used gpt-4-turbo and gpt-3.5-turbo); resemblances, not measurements.",
    ],
  },
  'gpt-4.1-mini': {
    name: 'gpt-4.1-mini',
    title: '2025-26: GPT-4.1 mini-like',
    era: 'today',
    modelOf: () => GPT41_MINI,
    sources: [
      'GPT-4.1 mini-like: 77 output tokens/s and 0.93 s to the first token at 10k input tokens (Artificial Analysis, GPT-4.1 mini provider page, OpenAI endpoint, 2025-26); 40,000 prompt tokens/s is an estimate, so the first token comes 680 ms plus the prompt at 40,000 tokens/s after the request.',
    ],
  },
  'gemini-2.5-flash': {
    name: 'gemini-2.5-flash',
    title: '2025-26: Gemini 2.5 Flash-like',
    era: 'today',
    modelOf: () => GEMINI_25_FLASH,
    sources: [
      'Gemini 2.5 Flash-like (thinking off): 410 ms to the first token and 220 output tokens/s, between Jonathan Wrede\'s hourly OpenRouter probes (2026: 412 ms, 235.6 tokens/s) and Kunal Ganglani\'s March 2026 test (204.5 tokens/s); 90,000 prompt tokens/s is an estimate.',
    ],
  },
};

/**
 * Prompt caching as the providers document it (OpenAI, "Prompt caching" guide and the "Prompt Caching 201"
 * cookbook): automatic for prompts of 1,024 tokens and more, an exact prefix match, hits in steps of 128
 * tokens, "time-to-first-token latency reduced by up to 80%". The benchmark applies these rules to every
 * profile and every approach alike, each approach with its own cache (its own server).
 */
export const PROMPT_CACHING = {
  /** A prompt shorter than this is never cached. */
  minimumTokens: 1_024,
  /** Cached prefixes count in steps of this many tokens. */
  blockTokens: 128,
  /**
   * A cached token is read in this share of the time an uncached one takes: 80% less, the reduction OpenAI
   * states as its upper bound (an estimate: no provider publishes a per-token figure).
   */
  cachedReadShare: 0.2,
} as const;

/** The thought budgets swept: tokens of thought per tool call for ReAct and function calling. */
export const THOUGHT_BUDGETS = [0, 20, 40] as const;

/** The budget of the main tables. */
export const DEFAULT_THOUGHT_BUDGET = 20;
