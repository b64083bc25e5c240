/** What the leak and load benchmark (`src/leak.ts`) measured, and its Markdown table. */

/** How a run ended, as its `run-end` event says. */
export type RunStatus = 'finished' | 'failed' | 'aborted';

/** What both parts measure. */
export interface PartReport {
  /** Runs made (started). */
  readonly runs: number;
  /** Runs that settled: their `result()` resolved or rejected. */
  readonly settled: number;
  /** Settled runs by status. */
  readonly statuses: Readonly<Record<RunStatus, number>>;
  /** Runs that ended otherwise than their kind should (a failing tool's run not finished, an aborted run finished...), described. */
  readonly unexpected: readonly string[];
  /** Wall time of the part, in milliseconds. */
  readonly ms: number;
  /** Active resources (`process.getActiveResourcesInfo()`) after the part minus before, by type; only types that changed. */
  readonly resourcesLeft: Readonly<Record<string, number>>;
  /** `'abort'` listeners on the caller's signal before the part. */
  readonly listenersBefore: number;
  /** `'abort'` listeners on the caller's signal once every run of the part settled. */
  readonly listenersAfter: number;
  /** Process warnings emitted during the part, as `name: message`. */
  readonly warnings: readonly string[];
}

/** The sequential part: runs one after the other, the heap measured after a forced garbage collection. */
export interface SequentialReport extends PartReport {
  /** Runs before the measured ones. */
  readonly warmup: number;
  /** `heapUsed` after GC, after the warm-up, in bytes. */
  readonly heapBefore: number;
  /** `heapUsed` after GC, after the measured runs, in bytes. */
  readonly heapAfter: number;
}

/** The concurrent part: every run started at once. */
export interface ConcurrentReport extends PartReport {
  /** `heapUsed` after GC, before the runs started, in bytes. */
  readonly heapBaseline: number;
  /** The largest `heapUsed` sampled while the runs were under way, in bytes. */
  readonly heapPeak: number;
}

/** Everything the leak and load benchmark measured. */
export interface LeakReport {
  /** `process.version`. */
  readonly node: string;
  readonly sequential: SequentialReport;
  readonly concurrent: ConcurrentReport;
}

/** The heap may grow by less than this over the sequential runs. */
export const HEAP_GROWTH_TARGET_BYTES = 5 * 1024 * 1024;

const MB = 1024 * 1024;

/**
 * What is left after a part: for each resource type of `process.getActiveResourcesInfo()`, how many more
 * (or, negative, fewer) there are in `after` than in `before`. Types whose count did not change are left out.
 *
 * @example
 * ```ts
 * diffResources(['TTYWrap', 'Timeout'], ['TTYWrap', 'Timeout', 'Timeout']); // { Timeout: 1 }
 * ```
 */
export function diffResources(before: readonly string[], after: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const type of after) counts.set(type, (counts.get(type) ?? 0) + 1);
  for (const type of before) counts.set(type, (counts.get(type) ?? 0) - 1);
  return Object.fromEntries([...counts].filter(([, count]) => count !== 0).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The report as a Markdown table (one row per figure, with its target and whether it was met), followed by
 * a line that lists the missed targets, and the list of those targets.
 */
export function renderLeakReport(report: LeakReport): { readonly markdown: string; readonly missed: readonly string[] } {
  const { sequential: seq, concurrent: con } = report;
  const missed: string[] = [];
  const rows: string[] = [];
  const row = (part: string, measure: string, measured: string, target: string, met?: boolean): void => {
    if (met === false) missed.push(`${part}: ${measure}`);
    rows.push(`| ${part} | ${measure} | ${measured} | ${target} | ${met === undefined ? '' : met ? 'met' : '**missed**'} |`);
  };

  const growth = seq.heapAfter - seq.heapBefore;
  const seqPart = `sequential (${n(seq.runs)})`;
  row(seqPart, 'runs', `${n(seq.settled)} in ${seconds(seq.ms)}, ${n(Math.round((seq.ms * 1000) / seq.runs))} us per run: ${statuses(seq)}`, 'each ends as its kind should', seq.unexpected.length === 0);
  row(
    seqPart,
    'heap growth after GC',
    `${signed(growth / MB)} MB (${(seq.heapBefore / MB).toFixed(2)} MB after ${n(seq.warmup)} warm-up runs, ${(seq.heapAfter / MB).toFixed(2)} MB after)`,
    `under ${HEAP_GROWTH_TARGET_BYTES / MB} MB`,
    growth < HEAP_GROWTH_TARGET_BYTES,
  );
  partRows(seqPart, seq, row);

  const conPart = `concurrent (${n(con.runs)})`;
  row(conPart, 'runs settled', `${n(con.settled)} of ${n(con.runs)}: ${statuses(con)}`, 'all, each as its kind should', con.settled === con.runs && con.unexpected.length === 0);
  row(conPart, 'wall time', `${seconds(con.ms)}, ${n(Math.round((con.settled * 1000) / con.ms))} runs/s`, '');
  row(
    conPart,
    'heap peak',
    `${(con.heapPeak / MB).toFixed(1)} MB (${(con.heapBaseline / MB).toFixed(1)} MB before), ${((con.heapPeak - con.heapBaseline) / con.runs / 1024).toFixed(1)} KB per run`,
    '',
  );
  partRows(conPart, con, row);

  const title = `Leaks and load on Node ${report.node}: ${n(seq.runs)} sequential runs after ${n(seq.warmup)} warm-up runs, ${n(con.runs)} concurrent runs`;
  const unexpected = [...seq.unexpected, ...con.unexpected];
  const lines = [
    title,
    '',
    '| part | measure | measured | target | |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    missed.length === 0 ? 'OK: every target met' : `MISSED: ${missed.join('; ')}`,
    ...(unexpected.length === 0 ? [] : ['', 'Runs that ended otherwise than their kind should (the first of each part):', ...unexpected.map((line) => `- ${line}`)]),
    ...warningLines('sequential', seq.warnings),
    ...warningLines('concurrent', con.warnings),
  ];
  return { markdown: lines.join('\n'), missed };
}

/** The rows both parts share: resources, listeners, warnings. */
function partRows(part: string, report: PartReport, row: (part: string, measure: string, measured: string, target: string, met?: boolean) => void): void {
  const left = Object.entries(report.resourcesLeft);
  row(part, 'handles and resources left', left.length === 0 ? '0' : left.map(([type, count]) => `${type} ${signed(count, 0)}`).join(', '), '0', left.length === 0);
  const listeners = report.listenersAfter - report.listenersBefore;
  row(part, "caller signal's `abort` listeners left", `${signed(listeners, 0)} (${report.listenersBefore} before, ${report.listenersAfter} after)`, '0', listeners === 0);
  const names = [...new Set(report.warnings.map((warning) => warning.split(':')[0]))];
  row(part, 'process warnings', report.warnings.length === 0 ? '0' : `${report.warnings.length} (${names.join(', ')})`, '0', report.warnings.length === 0);
}

function warningLines(part: string, warnings: readonly string[]): string[] {
  return warnings.length === 0 ? [] : ['', `Warnings during the ${part} runs:`, ...warnings.map((warning) => `- ${warning}`)];
}

function statuses(report: PartReport): string {
  const { finished, failed, aborted } = report.statuses;
  return `${n(finished)} finished, ${n(failed)} failed, ${n(aborted)} aborted`;
}

/** An integer with thousands separators. */
function n(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `+1.25`, `-0.50`, `0`: a change with its sign. */
function signed(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return digits === 0 ? '0' : `+${text}`;
  return `${value > 0 ? '+' : '-'}${text}`;
}
