import { describeValue } from './describe-value.js';

/**
 * How fast the simulated model answers. The clock starts when the responder has decided the answer:
 *
 * - the first token is ready after `timeToFirstTokenMs + promptTokens * 1000 / promptTokensPerSecond`;
 * - each further token follows `1000 / outputTokensPerSecond` ms later;
 * - a streamed chunk is written when its last token is ready; a JSON answer when the last token is.
 *
 * @example
 * ```ts
 * // 200 ms to the first token, then 50 tokens a second; prompts read at 5,000 tokens a second.
 * const latency = { timeToFirstTokenMs: 200, outputTokensPerSecond: 50, promptTokensPerSecond: 5_000 };
 * ```
 */
export interface LatencyModel {
  /**
   * Milliseconds before the first token, on top of prompt processing.
   * @default 0
   */
  readonly timeToFirstTokenMs: number;
  /**
   * Output speed after the first token. `Infinity` writes every token at once.
   * @default Infinity
   */
  readonly outputTokensPerSecond: number;
  /**
   * Prompt reading speed: the prompt adds `promptTokens / promptTokensPerSecond` seconds before the first
   * token. `Infinity` makes the prompt free.
   * @default Infinity
   */
  readonly promptTokensPerSecond: number;
}

/** The default latency: every answer is written at once, so tests need no timers at all. */
export const instantLatency: LatencyModel = Object.freeze({
  timeToFirstTokenMs: 0,
  outputTokensPerSecond: Number.POSITIVE_INFINITY,
  promptTokensPerSecond: Number.POSITIVE_INFINITY,
});

/**
 * Milliseconds from the moment the answer is decided until `tokens` completion tokens are ready
 * (`tokens` 0 and 1 both give the time to the first token).
 *
 * @example
 * ```ts
 * const latency = { timeToFirstTokenMs: 100, outputTokensPerSecond: 10, promptTokensPerSecond: 1_000 };
 * computeTokenDelay(latency, { promptTokens: 500, tokens: 3 }); // 100 + 500 + 2 * 100 = 800
 * ```
 */
export function computeTokenDelay(
  latency: LatencyModel,
  { promptTokens, tokens }: { readonly promptTokens: number; readonly tokens: number },
): number {
  const firstToken = latency.timeToFirstTokenMs + (promptTokens * 1000) / latency.promptTokensPerSecond;
  return firstToken + (Math.max(tokens - 1, 0) * 1000) / latency.outputTokensPerSecond;
}

/**
 * `base` with the fields of `override` that are set, each checked.
 * @throws TypeError naming the field (`label.field`), what was expected and what came.
 */
export function mergeLatency(
  base: LatencyModel,
  override: Partial<LatencyModel> | undefined,
  label: string,
): LatencyModel {
  if (override === undefined) return base;
  if (typeof override !== 'object' || override === null) {
    throw new TypeError(`Expected \`${label}\` to be an object, got ${describeValue(override)}`);
  }
  const merged: { -readonly [Field in keyof LatencyModel]: number } = { ...base };
  const { timeToFirstTokenMs, outputTokensPerSecond, promptTokensPerSecond } = override;
  if (timeToFirstTokenMs !== undefined) {
    if (typeof timeToFirstTokenMs !== 'number' || !Number.isFinite(timeToFirstTokenMs) || timeToFirstTokenMs < 0) {
      throw new TypeError(
        `Expected \`${label}.timeToFirstTokenMs\` to be a finite number from 0 and up, got ${describeValue(timeToFirstTokenMs)}`,
      );
    }
    merged.timeToFirstTokenMs = timeToFirstTokenMs;
  }
  for (const [field, value] of [
    ['outputTokensPerSecond', outputTokensPerSecond],
    ['promptTokensPerSecond', promptTokensPerSecond],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new TypeError(
        `Expected \`${label}.${field}\` to be a number above 0 (Infinity for no delay), got ${describeValue(value)}`,
      );
    }
    merged[field] = value;
  }
  return merged;
}
