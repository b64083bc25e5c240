import { countPromptTokens, countTextTokens, messageText, type ChatRequest } from '@llmcompiler/testing';
import { PROMPT_CACHING } from './profiles.js';

/** The rules of a prompt cache (see {@link PROMPT_CACHING}). */
export interface PromptCacheRules {
  readonly minimumTokens: number;
  readonly blockTokens: number;
  readonly cachedReadShare: number;
}

/** What a prompt cost to read. */
export interface PromptRead {
  /** The prompt's tokens, as the server counts them. */
  readonly promptTokens: number;
  /** The tokens of its prefix found in the cache (0 without caching). */
  readonly cachedTokens: number;
}

/** A provider's prompt cache, as one endpoint sees it. */
export interface PromptCache {
  /** Looks the request's prompt up, then stores its prefix for the requests after it. */
  read(request: ChatRequest): PromptRead;
}

/** Characters per hashed block of the prompt text. */
const BLOCK_CHARS = 64;

/**
 * The prompt as a provider lays it out for its cache: the tools first, then each message (role, text,
 * tool calls, tool call id), in order. Two requests share a cached prefix exactly as far as these texts agree.
 */
export function promptText(request: ChatRequest): string {
  const parts: string[] = [];
  if (Array.isArray(request.tools) && request.tools.length > 0) parts.push(`<tools>${JSON.stringify(request.tools)}`);
  for (const message of request.messages) {
    parts.push(`<${message.role}>`, messageText(message));
    if (Array.isArray(message.tool_calls)) parts.push(`<calls>${JSON.stringify(message.tool_calls)}`);
    if (typeof message.tool_call_id === 'string') parts.push(`<id>${message.tool_call_id}`);
  }
  return parts.join('\u0000');
}

/** A 53-bit hash of `text` continuing from `seed`, so that block hashes chain over the whole prefix. */
function chainHash(seed: number, text: string): number {
  let h1 = (seed ^ 0xdeadbeef) >>> 0;
  let h2 = (seed ^ 0x41c6ce57) >>> 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2_654_435_761);
    h2 = Math.imul(h2 ^ code, 1_597_334_677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507) ^ Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507) ^ Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
  return 4_294_967_296 * (2_097_151 & h2) + (h1 >>> 0);
}

/**
 * The tokens a cache of `rules` serves for a prompt of `promptTokens` whose first `matchedTokens` tokens it
 * has seen: none under the minimum, else the match rounded down to whole blocks.
 *
 * @example
 * ```ts
 * cachedTokensOf({ promptTokens: 1_500, matchedTokens: 1_300 }, PROMPT_CACHING); // 1_280
 * cachedTokensOf({ promptTokens: 900, matchedTokens: 900 }, PROMPT_CACHING); // 0: under 1,024 tokens
 * ```
 */
export function cachedTokensOf(
  { promptTokens, matchedTokens }: { readonly promptTokens: number; readonly matchedTokens: number },
  rules: PromptCacheRules = PROMPT_CACHING,
): number {
  if (promptTokens < rules.minimumTokens) return 0;
  const matched = Math.min(matchedTokens, promptTokens);
  return Math.floor(matched / rules.blockTokens) * rules.blockTokens;
}

/**
 * Milliseconds to the first token of a prompt of which `cachedTokens` were cached: the fixed part, the
 * uncached tokens at the prompt rate, and the cached ones in `cachedReadShare` of that time.
 *
 * @example
 * ```ts
 * // 400 ms + 1,000 uncached tokens at 10,000/s + 1,000 cached ones at a fifth of that time: 400 + 100 + 20.
 * firstTokenMs({ timeToFirstTokenMs: 400, promptTokensPerSecond: 10_000 }, { promptTokens: 2_000, cachedTokens: 1_000 }); // 520
 * ```
 */
export function firstTokenMs(
  model: { readonly timeToFirstTokenMs: number; readonly promptTokensPerSecond: number },
  { promptTokens, cachedTokens }: PromptRead,
  rules: PromptCacheRules = PROMPT_CACHING,
): number {
  const uncached = promptTokens - cachedTokens;
  return model.timeToFirstTokenMs + ((uncached + cachedTokens * rules.cachedReadShare) * 1000) / model.promptTokensPerSecond;
}

/**
 * A prefix cache over the prompts one endpoint receives: each prompt's text is cut into blocks whose hashes
 * chain, so a block's hash names the whole prefix up to it. A request's cached prefix is the longest run of
 * leading blocks already stored, counted in tokens and rounded down to the rules' blocks; every block of the
 * request is then stored. Entries never expire (a run of the benchmark is shorter than the providers'
 * five-minute lifetime). `enabled: false` reads every prompt in full.
 */
export function createPromptCache({ enabled, rules = PROMPT_CACHING }: { readonly enabled: boolean; readonly rules?: PromptCacheRules }): PromptCache {
  const seen = new Set<number>();
  return {
    read(request) {
      const promptTokens = countPromptTokens(request);
      if (!enabled) return { promptTokens, cachedTokens: 0 };
      const text = promptText(request);
      let hash = 0;
      let matchedChars = 0;
      let matching = true;
      for (let start = 0; start + BLOCK_CHARS <= text.length; start += BLOCK_CHARS) {
        hash = chainHash(hash, text.slice(start, start + BLOCK_CHARS));
        if (matching && seen.has(hash)) matchedChars = start + BLOCK_CHARS;
        else matching = false;
        seen.add(hash);
      }
      const matchedTokens = matchedChars === 0 ? 0 : countTextTokens(text.slice(0, matchedChars));
      return { promptTokens, cachedTokens: cachedTokensOf({ promptTokens, matchedTokens }, rules) };
    },
  };
}
