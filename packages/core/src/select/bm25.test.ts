import { describe, expect, it } from 'vitest';
import { createBm25Index } from './bm25.js';

describe('createBm25Index', () => {
  const documents = [['weather', 'forecast', 'city'], ['stock', 'price'], ['weather', 'history'], ['movie', 'review', 'movie', 'rating', 'list', 'top']];

  it('scores documents by the words they share with the query, rare words above common ones', () => {
    const [forecast, stock, history, movie] = createBm25Index(documents).score(['weather', 'forecast']);
    expect(stock).toBe(0);
    expect(movie).toBe(0);
    expect(forecast).toBeGreaterThan(history!);
    expect(history).toBeGreaterThan(0);
  });

  it('computes Okapi BM25 with k1 = 1.2, b = 0.75 and the non-negative IDF', () => {
    const scores = createBm25Index(documents).score(['weather']);
    const idf = Math.log(1 + (4 - 2 + 0.5) / (2 + 0.5));
    const averageLength = (3 + 2 + 2 + 6) / 4;
    expect(scores[0]).toBeCloseTo((idf * 2.2) / (1 + 1.2 * (0.25 + (0.75 * 3) / averageLength)), 12);
    expect(scores[2]).toBeCloseTo((idf * 2.2) / (1 + 1.2 * (0.25 + (0.75 * 2) / averageLength)), 12);
  });

  it('counts repeats in a document with saturation, and a repeated query word once', () => {
    const index = createBm25Index(documents, { b: 0 });
    const once = index.score(['review'])[3]!;
    const twice = index.score(['movie'])[3]!;
    expect(twice).toBeGreaterThan(once);
    expect(twice).toBeLessThan(2 * once);
    expect(index.score(['movie', 'movie'])).toEqual(index.score(['movie']));
  });

  it('scores nothing for an empty index or query', () => {
    expect(createBm25Index([]).score(['weather'])).toEqual([]);
    expect(createBm25Index(documents).score([])).toEqual([0, 0, 0, 0]);
  });
});
