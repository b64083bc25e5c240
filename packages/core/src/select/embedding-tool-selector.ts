import { optionChecks } from '../options/check-option.js';
import type { AnyTool } from '../tool/tool.js';
import { describeValue } from '../util/describe-value.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { selectionQueries } from './selection-query.js';
import { toolSearchText } from './tool-search-text.js';
import type { ToolSelector } from '../run/tool-selector.js';
import { checkTopToolsOptions, topTools, type TopToolsOptions } from './top-tools.js';

/**
 * Embeds texts: one vector per text, in order, all of one length. `signal` is the run's when the question is
 * embedded, and absent when tools are (their embeddings are shared by every run, so one run's abort must not
 * cancel them).
 *
 * @example
 * ```ts
 * // With the AI SDK:
 * const embedTexts: EmbedFunction = async (texts, { signal } = {}) =>
 *   (await embedMany({ model: openai.embedding('text-embedding-3-small'), values: texts, abortSignal: signal })).embeddings;
 * ```
 */
export type EmbedFunction = (texts: string[], options?: { readonly signal?: AbortSignal | undefined }) => PromiseLike<readonly (readonly number[])[]>;

/** Options of {@link createEmbeddingToolSelector}. */
export interface EmbeddingToolSelectorOptions extends TopToolsOptions {
  /** Turns texts into vectors: an embedding model's API, or a local model. */
  readonly embed: EmbedFunction;
}

const OWNER = '`createEmbeddingToolSelector`';

/**
 * A tool selector that ranks tools by the cosine similarity between the embedding of the question and that
 * of each tool's name, description and parameter names, and shows the planner the `k` most similar plus the
 * `always` ones. On a replan the joiner's feedback is added to the question. In a conversation the user's
 * latest earlier turns are embedded too and their similarities added with a lower weight (`history`), so
 * that a follow-up such as "and its population?" keeps the conversation's tools within reach. Embeddings find tools by
 * meaning ("how warm is it" finds `get_temperature`), where {@link createLexicalToolSelector} needs shared
 * words.
 *
 * Each selection embeds the question and those turns (one `embed` call, with the run's signal). A tool's embedding is
 * computed once and kept while the tool lives: the tools no selection has embedded yet are embedded together
 * in one call, which selections made meanwhile share instead of asking again; a failed call is not kept, so
 * the next selection tries again.
 *
 * An `embed` that rejects, or returns anything but one vector of numbers per text, all of one length, fails
 * the run with a `ToolSelectionError` whose `cause` says what came.
 *
 * @throws {InvalidOptionError} when `embed`, `k`, `always` or `history` is wrong.
 *
 * @example
 * ```ts
 * import { embedMany } from 'ai';
 *
 * const selectTools = createEmbeddingToolSelector({
 *   k: 8,
 *   embed: async (texts, { signal } = {}) =>
 *     (await embedMany({ model: openai.embedding('text-embedding-3-small'), values: texts, abortSignal: signal })).embeddings,
 * });
 * const compiler = createCompiler({ model, tools, selectTools });
 * ```
 */
export function createEmbeddingToolSelector(options: EmbeddingToolSelectorOptions): ToolSelector {
  const check = optionChecks({ owner: OWNER });
  check.object('options', options);
  check.keys('', options as unknown as Record<string, unknown>, ['embed', 'k', 'always', 'history']);
  const embed = check.func<EmbedFunction>('embed', options.embed);
  const settings = checkTopToolsOptions(OWNER, options);
  const cache = new WeakMap<AnyTool, Promise<readonly number[]>>();

  const embedChecked = async (texts: string[], signal: AbortSignal | undefined): Promise<(readonly number[])[]> => {
    const vectors: unknown = await embed(texts, signal === undefined ? {} : { signal });
    return checkVectors(vectors, texts.length);
  };

  /** The tools' embeddings: the cached ones, and one call for the rest, shared until it settles. */
  const toolVectors = (tools: readonly AnyTool[]): Promise<(readonly number[])[]> => {
    const missing = tools.filter((tool) => !cache.has(tool));
    if (missing.length > 0) {
      const batch = embedChecked(missing.map(toolSearchText), undefined);
      missing.forEach((tool, index) => {
        const vector = batch.then((vectors) => vectors[index]!);
        cache.set(tool, vector);
        // A failure is not kept: the next selection asks again. Only this call's entry is dropped.
        vector.then(undefined, () => {
          if (cache.get(tool) === vector) cache.delete(tool);
        });
      });
    }
    return Promise.all(tools.map((tool) => cache.get(tool)!));
  };

  return async (context) => {
    const { tools, signal } = context;
    const queries = selectionQueries(context, settings.history);
    const [queryVectors, vectors] = await Promise.all([embedChecked(queries.map((query) => query.text), signal), toolVectors(tools)]);
    // checkVectors made the question's vectors one length; the tools' come from other calls.
    const length = queryVectors[0]!.length;
    for (const vector of vectors) {
      if (vector.length !== length) {
        check.fail('embed', 'a function that returns vectors of one length', vectors, {
          got: `a vector of ${length} numbers for the question and ${vector.length} for a tool`,
        });
      }
    }
    const scores = vectors.map((vector) => queries.reduce((sum, query, index) => sum + query.weight * cosineSimilarity(queryVectors[index]!, vector), 0));
    return topTools(OWNER, tools, scores, settings);
  };
}

/**
 * Checks what `embed` returned: `count` vectors of finite numbers, all of one length.
 *
 * @throws {InvalidOptionError} naming `embed`, what was expected and what came.
 */
function checkVectors(vectors: unknown, count: number): (readonly number[])[] {
  const expected = `a function that returns one vector (an array of numbers) per text, ${count} of them, all of one length`;
  const fail = (got: string): never => optionChecks({ owner: OWNER }).fail('embed', expected, vectors, { got });
  if (!Array.isArray(vectors)) return fail(describeValue(vectors));
  if (vectors.length !== count) return fail(`${vectors.length} ${vectors.length === 1 ? 'vector' : 'vectors'}`);
  const length = Array.isArray(vectors[0]) ? (vectors[0] as unknown[]).length : -1;
  vectors.forEach((vector: unknown, index) => {
    if (!Array.isArray(vector)) fail(`${describeValue(vector)} at index ${index}`);
    const bad = (vector as unknown[]).findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
    if (bad !== -1) fail(`${describeValue((vector as unknown[])[bad])} at index ${bad} of vector ${index}`);
    if (length === 0) fail('an empty vector');
    if ((vector as unknown[]).length !== length) fail(`vectors of ${length} and ${(vector as unknown[]).length} numbers`);
  });
  return vectors as (readonly number[])[];
}
