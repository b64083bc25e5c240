import { describe, expect, it } from 'vitest';
import { diffResources, renderLeakReport, type ConcurrentReport, type LeakReport, type SequentialReport } from './leak-report.js';

const MB = 1024 * 1024;

const sequential: SequentialReport = {
  runs: 10_000,
  settled: 10_000,
  statuses: { finished: 8_000, failed: 0, aborted: 2_000 },
  unexpected: [],
  ms: 9_430,
  resourcesLeft: {},
  listenersBefore: 0,
  listenersAfter: 0,
  warnings: [],
  warmup: 500,
  heapBefore: 10 * MB,
  heapAfter: 11 * MB,
};

const concurrent: ConcurrentReport = {
  runs: 5_000,
  settled: 5_000,
  statuses: { finished: 4_000, failed: 0, aborted: 1_000 },
  unexpected: [],
  ms: 2_000,
  resourcesLeft: {},
  listenersBefore: 0,
  listenersAfter: 0,
  warnings: [],
  heapBaseline: 10 * MB,
  heapPeak: 110 * MB,
};

const clean: LeakReport = { node: 'v20.20.2', sequential, concurrent };

/** The table row whose part starts with `part` and whose measure is `measure`, as its cells. */
function row(markdown: string, part: string, measure: string): string[] {
  const line = markdown.split('\n').find((text) => text.startsWith(`| ${part}`) && text.includes(`| ${measure} |`));
  if (line === undefined) throw new Error(`No row ${part} / ${measure} in:\n${markdown}`);
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('diffResources', () => {
  it('counts, by type, what is there after and was not before', () => {
    expect(diffResources(['TTYWrap', 'Timeout'], ['TTYWrap', 'Timeout', 'Timeout', 'Immediate'])).toEqual({ Immediate: 1, Timeout: 1 });
  });

  it('is empty when the same resources are there, in any order', () => {
    expect(diffResources(['Timeout', 'TTYWrap', 'Timeout'], ['Timeout', 'Timeout', 'TTYWrap'])).toEqual({});
  });

  it('counts resources gone as negative', () => {
    expect(diffResources(['Timeout', 'FSReqCallback'], ['Timeout'])).toEqual({ FSReqCallback: -1 });
  });
});

describe('renderLeakReport', () => {
  it('renders a Markdown table with every figure, and no missed target when all are met', () => {
    const { markdown, missed } = renderLeakReport(clean);
    expect(missed).toEqual([]);
    expect(markdown.split('\n')[0]).toBe('Leaks and load on Node v20.20.2: 10,000 sequential runs after 500 warm-up runs, 5,000 concurrent runs');
    expect(markdown).toContain('| part | measure | measured | target | |\n|---|---|---|---|---|\n');
    expect(row(markdown, 'sequential', 'runs')).toEqual([
      'sequential (10,000)',
      'runs',
      '10,000 in 9.43 s, 943 us per run: 8,000 finished, 0 failed, 2,000 aborted',
      'each ends as its kind should',
      'met',
    ]);
    expect(row(markdown, 'sequential', 'heap growth after GC').slice(2)).toEqual([
      '+1.00 MB (10.00 MB after 500 warm-up runs, 11.00 MB after)',
      'under 5 MB',
      'met',
    ]);
    expect(row(markdown, 'sequential', 'handles and resources left').slice(2)).toEqual(['0', '0', 'met']);
    expect(row(markdown, 'sequential', "caller signal's `abort` listeners left").slice(2)).toEqual(['0 (0 before, 0 after)', '0', 'met']);
    expect(row(markdown, 'concurrent', 'runs settled').slice(2)).toEqual([
      '5,000 of 5,000: 4,000 finished, 0 failed, 1,000 aborted',
      'all, each as its kind should',
      'met',
    ]);
    expect(row(markdown, 'concurrent', 'wall time').slice(2)).toEqual(['2.00 s, 2,500 runs/s', '', '']);
    expect(row(markdown, 'concurrent', 'heap peak').slice(2)).toEqual(['110.0 MB (10.0 MB before), 20.5 KB per run', '', '']);
    expect(markdown).toContain('\nOK: every target met');
  });

  it('marks and lists each missed target, and shows what was left', () => {
    const { markdown, missed } = renderLeakReport({
      ...clean,
      sequential: { ...sequential, heapAfter: 16 * MB, resourcesLeft: { Timeout: 2 }, listenersAfter: 3 },
      concurrent: {
        ...concurrent,
        warnings: ['MaxListenersExceededWarning: Possible EventTarget memory leak detected. (at runLoop (run-loop.ts:23:15))'],
      },
    });
    expect(missed).toEqual([
      'sequential (10,000): heap growth after GC',
      'sequential (10,000): handles and resources left',
      "sequential (10,000): caller signal's `abort` listeners left",
      'concurrent (5,000): process warnings',
    ]);
    expect(row(markdown, 'sequential', 'heap growth after GC').slice(2)).toEqual([
      '+6.00 MB (10.00 MB after 500 warm-up runs, 16.00 MB after)',
      'under 5 MB',
      '**missed**',
    ]);
    expect(row(markdown, 'sequential', 'handles and resources left').slice(2)).toEqual(['Timeout +2', '0', '**missed**']);
    expect(row(markdown, 'sequential', "caller signal's `abort` listeners left").slice(2)).toEqual(['+3 (0 before, 3 after)', '0', '**missed**']);
    expect(row(markdown, 'concurrent', 'process warnings').slice(2)).toEqual(['1 (MaxListenersExceededWarning)', '0', '**missed**']);
    expect(markdown).toContain(`\nMISSED: ${missed.join('; ')}`);
    expect(markdown).toContain('\nWarnings during the concurrent runs:\n- MaxListenersExceededWarning: Possible EventTarget memory leak detected. (at runLoop (run-loop.ts:23:15))');
  });

  it('misses the settling target when runs did not settle or ended otherwise than their kind, and lists them', () => {
    const { markdown, missed } = renderLeakReport({
      ...clean,
      sequential: { ...sequential, unexpected: ['run 506 (abort) ended finished, the slow task ended ok'] },
      concurrent: { ...concurrent, settled: 4_999 },
    });
    expect(missed).toEqual(['sequential (10,000): runs', 'concurrent (5,000): runs settled']);
    expect(row(markdown, 'concurrent', 'runs settled')[2]).toMatch(/^4,999 of 5,000: /);
    expect(markdown).toContain('\n- run 506 (abort) ended finished, the slow task ended ok');
  });

  it('shows a heap that shrank with a minus sign', () => {
    const { markdown, missed } = renderLeakReport({ ...clean, sequential: { ...sequential, heapAfter: 9.5 * MB } });
    expect(missed).toEqual([]);
    expect(row(markdown, 'sequential', 'heap growth after GC')[2]).toMatch(/^-0\.50 MB /);
  });
});
