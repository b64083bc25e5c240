import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { optionChecks } from '../options/check-option.js';
import type { AnyTool } from '../tool/tool.js';
import { checkSelectionHistory, type SelectionHistoryOptions, type SelectionHistorySettings } from './selection-query.js';

/** How many tools a ranking selector shows, which it always shows, and how it reads the conversation. */
export interface TopToolsOptions {
  /**
   * How many of the best-ranked tools the planner is shown, besides the `always` ones: an integer from 1, or
   * `Infinity`.
   *
   * @default 8
   * @example
   * ```ts
   * k: 5
   * ```
   */
  readonly k?: number | undefined;
  /**
   * Names of tools the planner is always shown, whatever the question, on top of the `k` best: tools that
   * plans need whatever the question asks (a calculator, a final formatter), or that the ranking cannot find
   * from the question's words. A name that is not one of the compiler's tools fails the run with a
   * `ToolSelectionError` whose `cause` is an `InvalidOptionError` naming it.
   *
   * @default []
   * @example
   * ```ts
   * always: ['calculator']
   * ```
   */
  readonly always?: readonly string[] | undefined;
  /**
   * How the conversation's earlier user turns count: a follow-up ("and its population?") is ranked against
   * the latest of them too, with a lower weight, so that the tools the conversation needed so far stay in
   * reach. Without a conversation (a question alone) there are none.
   *
   * @default { turns: 2, weight: 0.5 }
   * @example
   * ```ts
   * history: { turns: 1, weight: 0.3 }
   * ```
   */
  readonly history?: SelectionHistoryOptions | undefined;
}

/** The checked options of a ranking selector. */
export interface TopToolsSettings {
  readonly k: number;
  readonly always: readonly string[];
  readonly history: SelectionHistorySettings;
}

/**
 * Checks `k`, `always` and `history` where a selector is created.
 *
 * @throws {InvalidOptionError} naming the option, what was expected and what came.
 */
export function checkTopToolsOptions(owner: string, options: TopToolsOptions): TopToolsSettings {
  const check = optionChecks({ owner });
  const k = check.limit('k', options.k ?? 8);
  const always = options.always ?? [];
  if (!Array.isArray(always) || !always.every((name) => typeof name === 'string')) check.fail('always', 'a list of tool names', always);
  return { k, always: [...always], history: checkSelectionHistory(owner, options.history) };
}

/**
 * The tools to show: every `always` tool, and the `k` best-scoring others whose score is above `minScore`
 * (ties go to the earlier tool), in the tools' order.
 *
 * @throws {InvalidOptionError} when an `always` name is not one of `tools`.
 */
export function topTools(
  owner: string,
  tools: readonly AnyTool[],
  scores: readonly number[],
  { k, always, minScore = Number.NEGATIVE_INFINITY }: TopToolsSettings & { readonly minScore?: number },
): AnyTool[] {
  const names = new Set(tools.map((tool) => tool.name));
  const missing = always.find((name) => !names.has(name));
  if (missing !== undefined) {
    throw new InvalidOptionError({
      option: 'always',
      owner,
      expected: `names of the compiler's tools (${tools.map((tool) => tool.name).join(', ')})`,
      received: always,
      got: `\`${missing}\``,
    });
  }
  const chosen = new Set<number>();
  const ranked = tools
    .map((tool, index) => ({ index, score: scores[index]! }))
    .filter(({ index, score }) => score > minScore && !always.includes(tools[index]!.name))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { index } of ranked.slice(0, k)) chosen.add(index);
  return tools.filter((tool, index) => chosen.has(index) || always.includes(tool.name));
}
