/** Summaries of measured samples, shared by every benchmark. */

/** Quantile `q` (0..1) of the values, by linear interpolation between the nearest ranks; `NaN` for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The median of the values; `NaN` for none. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The mean of the values; `NaN` for none. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
