/**
 * The benchmark's stand-in for an embedding model: a small deterministic local function, so that the
 * embedding selector runs without a model or a network. Each word of a text, as the lexical selector splits it
 * (camelCase and snake_case parts, lower-cased, common English words left out, plurals reduced), adds its
 * character trigrams (with the word padded by a space each side) and itself to a vector of
 * `dimensions` numbers, each at a slot and with a sign given by hashes (the hashing trick). Texts that share
 * words or parts of words (`forecast`, `forecasts`) come out similar; synonyms (`umbrella`, `rain`) do not,
 * where a real embedding model would often see them as related. Real embeddings will rank differently.
 */
import { tokenize } from '@llmcompiler/core/internal';
import { hashString } from '../latency/random.js';

/** Vectors of `dimensions` numbers for `texts`, one per text, in order. */
export function hashedEmbedding(texts: readonly string[], dimensions = 512): number[][] {
  return texts.map((text) => {
    const vector = new Array<number>(dimensions).fill(0);
    const add = (feature: string) => {
      const hash = hashString(feature);
      vector[hash % dimensions]! += (hash >>> 31) === 1 ? -1 : 1;
    };
    for (const word of tokenize(text)) {
      add(`w:${word}`);
      const padded = ` ${word} `;
      for (let start = 0; start + 3 <= padded.length; start++) add(`c:${padded.slice(start, start + 3)}`);
    }
    return vector;
  });
}
