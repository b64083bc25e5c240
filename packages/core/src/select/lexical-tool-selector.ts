import { optionChecks } from '../options/check-option.js';
import type { AnyTool } from '../tool/tool.js';
import { createBm25Index, type Bm25Index, type Bm25Parameters } from './bm25.js';
import { tokenize } from './tokenize.js';
import { selectionQueries } from './selection-query.js';
import { toolSearchText } from './tool-search-text.js';
import type { ToolSelector } from '../run/tool-selector.js';
import { checkTopToolsOptions, topTools, type TopToolsOptions } from './top-tools.js';

/** Options of {@link createLexicalToolSelector}. */
export interface LexicalToolSelectorOptions extends TopToolsOptions, Bm25Parameters {}

const OWNER = '`createLexicalToolSelector`';

/**
 * A tool selector that ranks tools by Okapi BM25 between the question's words and each tool's name,
 * description and parameter names, and shows the planner the `k` best plus the `always` ones. Words are
 * split at camelCase and snake_case boundaries, lower-cased, without common English words and with a plural
 * `s` dropped, so `getMovieReviews` matches "reviews of the movie". On a replan the joiner's feedback is
 * added to the question. In a conversation the user's latest earlier turns are scored too, with a lower
 * weight (`history`), and each tool's scores are added: a follow-up such as "and its population?" keeps the
 * tools the conversation needed so far within reach.
 *
 * A tool that shares no word with the question is never among the `k`; when no tool shares a word, the
 * selector cannot tell which are needed and shows every tool. Lexical matching misses synonyms ("how warm"
 * finds no `temperature`): use `always` for tools every plan may need, or {@link createEmbeddingToolSelector}.
 *
 * The index is built once per list of tools (per compiler) and kept while the list lives.
 *
 * @throws {InvalidOptionError} when `k`, `always`, `history`, `k1` or `b` is wrong.
 *
 * @example
 * ```ts
 * const compiler = createCompiler({ model, tools, selectTools: createLexicalToolSelector({ k: 6, always: ['calculator'] }) });
 * ```
 */
export function createLexicalToolSelector(options: LexicalToolSelectorOptions = {}): ToolSelector {
  const check = optionChecks({ owner: OWNER });
  check.object('options', options);
  check.keys('', options as Record<string, unknown>, ['k', 'always', 'history', 'k1', 'b']);
  const settings = checkTopToolsOptions(OWNER, options);
  const { k1, b } = options;
  if (k1 !== undefined) check.nonNegative('k1', k1);
  if (b !== undefined) check.between('b', b, 0, 1);
  const indexes = new WeakMap<readonly AnyTool[], Bm25Index>();
  return (context) => {
    const { tools } = context;
    let index = indexes.get(tools);
    if (index === undefined) {
      index = createBm25Index(tools.map((tool) => tokenize(toolSearchText(tool))), { k1, b });
      indexes.set(tools, index);
    }
    const scores = new Array<number>(tools.length).fill(0);
    for (const query of selectionQueries(context, settings.history)) {
      index.score(tokenize(query.text)).forEach((score, position) => {
        scores[position]! += query.weight * score;
      });
    }
    if (scores.every((score) => score <= 0)) return tools;
    return topTools(OWNER, tools, scores, { ...settings, minScore: 0 });
  };
}
