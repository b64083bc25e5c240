/**
 * The cosine of the angle between two vectors of one length, from -1 to 1; 0 when either is all zeros.
 *
 * @example
 * ```ts
 * cosineSimilarity([1, 0], [1, 1]); // 0.7071...
 * ```
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
