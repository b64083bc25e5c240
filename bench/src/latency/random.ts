/** Seeded randomness: every figure of the simulated world is a function of a seed and a name. */

/** FNV-1a hash of a string, as a 32-bit unsigned integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator of numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal distribution, given by its median and the standard deviation of its logarithm. */
export interface LogNormal {
  readonly medianMs: number;
  readonly sigma: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Draws from a log-normal distribution (Box-Muller), clamped to its range and rounded to whole ms. */
export function drawLogNormal(random: () => number, { medianMs, sigma, minMs, maxMs }: LogNormal): number {
  const u = Math.max(random(), Number.EPSILON);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(Math.min(maxMs, Math.max(minMs, medianMs * Math.exp(sigma * normal))));
}

/** The same items in an order fixed by the seed (Fisher-Yates). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
