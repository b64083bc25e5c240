/** The parameters of Okapi BM25. */
export interface Bm25Parameters {
  /** How fast repeats of a word stop adding to a score. @default 1.2 */
  readonly k1?: number | undefined;
  /** How much a long document's score is scaled down, from 0 (not at all) to 1 (fully). @default 0.75 */
  readonly b?: number | undefined;
}

/** A BM25 index over a fixed list of documents, each already split into words. */
export interface Bm25Index {
  /** The score of each document for `query` (split into words), in the documents' order; 0 when no word matches. */
  score(query: readonly string[]): number[];
}

/**
 * Builds an Okapi BM25 index (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", 2009) over `documents`, each a list of words: a document's score for a query is the sum, over the
 * query's distinct words, of the word's inverse document frequency `ln(1 + (N - n + 0.5) / (n + 0.5))` times
 * `f (k1 + 1) / (f + k1 (1 - b + b |d| / avgdl))`, where `f` is how often the word occurs in the document.
 * The non-negative IDF (Lucene's) keeps a word found in most documents from lowering a score.
 *
 * @example
 * ```ts
 * const index = createBm25Index([['weather', 'forecast'], ['stock', 'price']]);
 * index.score(['weather']); // [0.98..., 0]
 * ```
 */
export function createBm25Index(documents: readonly (readonly string[])[], { k1 = 1.2, b = 0.75 }: Bm25Parameters = {}): Bm25Index {
  const frequencies = documents.map((words) => {
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of frequencies) for (const word of counts.keys()) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const count = documents.length;
  const averageLength = count === 0 ? 0 : documents.reduce((sum, words) => sum + words.length, 0) / count;
  return {
    score(query) {
      const scores = new Array<number>(count).fill(0);
      for (const word of new Set(query)) {
        const n = documentFrequency.get(word);
        if (n === undefined) continue;
        const idf = Math.log(1 + (count - n + 0.5) / (n + 0.5));
        for (let index = 0; index < count; index++) {
          const f = frequencies[index]!.get(word);
          if (f === undefined) continue;
          const norm = averageLength === 0 ? 1 : 1 - b + (b * documents[index]!.length) / averageLength;
          scores[index]! += (idf * f * (k1 + 1)) / (f + k1 * norm);
        }
      }
      return scores;
    },
  };
}
