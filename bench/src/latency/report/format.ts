/** How the report writes numbers: one place, so the Markdown and the charts agree. */

/** What the report shows where a figure is missing (not measured, or not finite). */
export const MISSING = '–';

const formatters = new Map<number, Intl.NumberFormat>();

/** A fixed locale, so the output does not depend on the machine it runs on. */
function formatter(decimals: number): Intl.NumberFormat {
  let format = formatters.get(decimals);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, format);
  }
  return format;
}

/** Whether a figure can be shown: present and finite (a mean over zero runs is `NaN`). */
export function isFigure(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/** `1234.5` with 1 decimal -> `1,234.5`; missing -> `–`. */
export function formatNumber(value: number | undefined, decimals: number): string {
  return isFigure(value) ? formatter(decimals).format(value) : MISSING;
}

/** Milliseconds as seconds with 2 decimals: `2410` -> `2.41`. */
export function formatSeconds(ms: number | undefined): string {
  return isFigure(ms) ? formatNumber(ms / 1000, 2) : MISSING;
}

/** A ratio with 2 decimals and an `x`: `1.834` -> `1.83x`. */
export function formatRatio(ratio: number | undefined): string {
  return isFigure(ratio) ? `${formatNumber(ratio, 2)}x` : MISSING;
}

/** A count rounded to an integer, with thousands separators: `12345.6` -> `12,346`. */
export function formatInteger(value: number | undefined): string {
  return formatNumber(value, 0);
}

/** A share as a whole percentage: `0.954` -> `95%`. */
export function formatPercent(share: number | undefined): string {
  return isFigure(share) ? `${formatNumber(share * 100, 0)}%` : MISSING;
}

/** A wall time for people: `8400` -> `8.4 s`, `754000` -> `12 min 34 s`. */
export function formatDuration(ms: number): string {
  if (!isFigure(ms)) return MISSING;
  if (ms < 60_000) return `${formatNumber(ms / 1000, 1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
