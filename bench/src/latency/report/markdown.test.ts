import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummaryTable } from './markdown.js';
import { report } from './test-fixture.js';

const markdown = renderMarkdown(report, { chartsDir: 'charts/' });

/** The text of the section under the level-2 heading that starts with `heading`, up to the next one. */
function section(heading: string): string {
  const found = markdown.split(/^## /m).find((part) => part.startsWith(heading));
  if (found === undefined) throw new Error(`No section ${heading}`);
  return found;
}

describe('renderMarkdown', () => {
  it('opens with the run: date, mode, machine and duration', () => {
    expect(markdown).toMatch(/^# Latency benchmark\n/);
    expect(markdown).toContain('- Date: 2025-06-01T12:00:00.000Z');
    expect(markdown).toContain('- Mode: quick');
    expect(markdown).toContain('- Machine: Test CPU @ 3.0GHz (4 cores, 16.0 GB memory), linux 6.1, Node v20.20.0');
    expect(markdown).toContain('- Duration: 1 min 24 s');
  });

  it('lists the world parameters and the approaches', () => {
    expect(section('The simulated world')).toContain('- Tool latencies: search 300-1200 ms, math 50-150 ms\n- Seed: 42');
    expect(section('Approaches')).toContain('- `react`: one tool call per turn');
  });

  it("describes each workload: shape, model, questions and LLMCompiler's bound, named as a bound on LLMCompiler", () => {
    const parallelqa = section('ParallelQA');
    expect(parallelqa).toContain('- Shape: two to four independent searches, then math');
    expect(parallelqa).toContain('- Model profile: gpt-3.5-turbo-like (first token after 300 ms, 80 output tokens/s, 4,000 prompt tokens/s)');
    expect(parallelqa).toContain('- Questions: 3');
    expect(parallelqa).toContain("- LLMCompiler's zero-overhead bound (mean; a bound on LLMCompiler under this model, not on the question): 1.32 s");
    expect(section('Movie Recommendation')).toContain("- LLMCompiler's zero-overhead bound (mean; a bound on LLMCompiler under this model, not on the question): –");
  });

  it('puts the formatted figures in each approach row', () => {
    const parallelqa = section('ParallelQA');
    expect(parallelqa).toContain(
      '| approach | mean (s) | p50 (s) | p95 (s) | vs ReAct | vs PFC | vs LLMCompiler bound | LLM calls | prompt tokens | completion tokens | failures |',
    );
    expect(parallelqa).toContain('| llmcompiler | 2.41 | 2.38 | 2.71 | 1.83x | 1.23x | 1.83x | 2.0 | 1,234 | 99 | 0 / 3 |');
    expect(parallelqa).toContain('| react | 4.42 | 4.40 | 4.90 | 1.00x | – | 3.35x | 4.3 | 2,890 | 283 | 1 / 3 |');
    expect(parallelqa).toContain('| parallel-function-calling | 2.96 | 2.95 | 3.10 | 1.50x | 1.00x | 2.24x | 2.0 | 1,500 | 150 | 0 / 3 |');
  });

  it('adds the accuracy column only where an approach has an accuracy', () => {
    expect(section('ParallelQA')).not.toContain('accuracy');
    const movie = section('Movie Recommendation');
    expect(movie).toContain('| completion tokens | accuracy | failures |');
    expect(movie).toContain('| llmcompiler | 3.00 | 2.99 | 3.15 | 2.50x | – | – | 2.0 | 2,100 | 200 | 100% | 0 / 2 |');
    expect(movie).toContain('| react | 7.50 | 7.40 | 8.00 | 1.00x | – | – | 9.0 | 0 | 0 | 95% | 0 / 2 |');
  });

  it('shows – for figures an approach has not got, such as the latency of one that always failed', () => {
    expect(section('Movie Recommendation')).toContain('| parallel-function-calling | – | – | – | – | – | – | 0.0 | 0 | 0 | – | 2 / 2 |');
  });

  it('keeps a failure message on one line under the table', () => {
    expect(section('ParallelQA')).toContain('- `react` failed 1 of 3 runs; the first: step limit | reached after 10 turns');
  });

  it('links the charts of each workload, the Gantt chart only when there is one', () => {
    expect(section('ParallelQA')).toContain('![ParallelQA: latency per question](charts/parallelqa-latency.svg)');
    expect(section('ParallelQA')).toContain('![ParallelQA: one question, every approach](charts/parallelqa-gantt.svg)');
    expect(section('Movie Recommendation')).toContain('![Movie Recommendation: latency per question](charts/movie-latency.svg)');
    expect(markdown).not.toContain('movie-gantt.svg');
  });

  it('checks the targets', () => {
    const targets = section('Targets');
    expect(targets).toContain('| target | workload | measured | met |');
    expect(targets).toContain('| LLMCompiler at least 1.5x faster than ReAct | parallelqa | 1.83x | ✓ |');
    expect(targets).toContain('| within 1.3x of the ideal bound | all | 1.83x | ✗ |');
  });

  it('reports the scale figures', () => {
    const scale = section('Scale');
    expect(scale).toContain(
      '- 10,000 independent zero-latency tasks in one run: 412.3 ms in total, 41.2 µs per task; CPU time 12.9 µs per task (best run 9.5).',
    );
    expect(scale).toContain(
      '- A chain of 1,000 zero-latency tasks, each referencing the one before: 55.6 ms in total, 55.6 µs per hop (best run 7.2); ' +
        'CPU time 13.4 µs per task (best run 10.0).',
    );
    expect(scale).toContain("judged on the best run's CPU time per task");
    // The chain's best run took 10.04 µs: over the target.
    expect(scale).toContain('missed (reported, not failed), at a load average of 6.5.');
    expect(scale).toContain('- 100 runs at once against the simulated server (gpt-3.5-turbo-like):');
    expect(scale).toContain('| 100 | 0 | 5.12 | 19.5 | 2.60 | 3.00 | 2.40 | 1.08x | 1.25x | 210.4 | 95.3 | 40.0 | 565.8 |');
  });

  it('leaves the scale section out when it was not measured', () => {
    expect(renderMarkdown({ ...report, scale: undefined }, { chartsDir: 'charts' })).not.toContain('## Scale');
  });

  it('is the same for the same report', () => {
    expect(renderMarkdown(report, { chartsDir: 'charts' })).toBe(renderMarkdown(report, { chartsDir: 'charts' }));
  });
});

describe('renderSummaryTable', () => {
  const table = renderSummaryTable(report);

  it('has a row per workload with LLMCompiler, the baselines, the speedups and the token ratio', () => {
    expect(table.split('\n')).toEqual([
      '| workload | LLMCompiler (s) | ReAct (s) | PFC (s) | AI SDK (s) | LangChain (s) | speedup vs ReAct | vs PFC | vs ideal | tokens vs ReAct |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| ParallelQA | 2.41 | 4.42 | 2.96 | – | – | 1.83x | 1.23x | 1.83x | 0.42x |',
      '| Movie Recommendation | 3.00 | 7.50 | – | – | – | 2.50x | – | – | – |',
    ]);
  });
});
