import { describe, expect, it } from 'vitest';
import type { ApproachSummary, BenchReport, ComboReport, WorkloadReport } from '../types.js';
import { renderBudgetSweep, renderDrivers, renderFirstAnswerTable, renderHeadlineTable, renderJoinerSkips } from './combos.js';
import { checkTargets } from '../summarize.js';
import { renderMarkdown } from './markdown.js';
import { parallelqa, report } from './test-fixture.js';

/** A ParallelQA report whose approaches have these means (seconds). */
function workload(means: Partial<Record<ApproachSummary['approach'], number>>): WorkloadReport {
  const approaches = Object.entries(means).map(([approach, seconds]) => ({
    ...parallelqa.approaches[0]!,
    approach: approach as ApproachSummary['approach'],
    meanMs: seconds! * 1000,
  }));
  return { ...parallelqa, approaches };
}

const combos: ComboReport[] = [
  { combo: { profile: 'gpt-4.1-mini', caching: true, thoughtBudget: 20 }, title: 'today, caching, 20', workloads: [workload({ llmcompiler: 2, react: 8, 'parallel-function-calling': 3, 'parallel-function-calling-streaming': 2.5 })] },
  { combo: { profile: 'gpt-4.1-mini', caching: true, thoughtBudget: 0 }, title: 'today, caching, 0', workloads: [workload({ react: 6, 'parallel-function-calling': 2.4, 'parallel-function-calling-streaming': 2.2 })] },
  { combo: { profile: 'gpt-4.1-mini', caching: false, thoughtBudget: 20 }, title: 'today, no caching, 20', workloads: [workload({ llmcompiler: 2.5, react: 9, 'parallel-function-calling': 3.5 })] },
];
const withCombos: BenchReport = { ...report, workloads: [parallelqa], combos, questionsPerCombo: 'ParallelQA 3' };

describe('the combo sections', () => {
  it('headline LLMCompiler over PFC, streaming PFC and ReAct per profile and caching, at the default budget', () => {
    expect(renderHeadlineTable(withCombos).split('\n')).toEqual([
      '| profile | budget | ParallelQA |',
      '| --- | --- | ---: |',
      '| 2025-26: GPT-4.1 mini-like, no caching | 20 | 1.40x / – / 3.60x |',
      '| 2025-26: GPT-4.1 mini-like, caching | 20 | 1.50x / 1.25x / 4.00x |',
    ]);
  });

  it("sweep the budget with LLMCompiler's figure from the same profile and caching", () => {
    const sweep = renderBudgetSweep(withCombos);
    expect(sweep).toContain('| profile | budget 0: vs ReAct / PFC / PFC-s | budget 20: vs ReAct / PFC / PFC-s |');
    expect(sweep).toContain('| 2025-26: GPT-4.1 mini-like, caching | 3.00x / 1.20x / 1.10x | 4.00x / 1.50x / 1.25x |');
    expect(sweep).toContain('| 2025-26: GPT-4.1 mini-like, no caching | – | 3.60x / 1.40x / – |');
  });

  it('say which parameter moves the speedup over PFC, and leave out what was not measured', () => {
    const drivers = renderDrivers(withCombos);
    expect(drivers).toContain('| prompt caching, off → on | 1.40x → 1.50x |');
    expect(drivers).toContain('| baseline, PFC → streaming PFC | 1.50x → 1.25x |');
    expect(drivers).toContain('| thought budget of the baselines, 0 → 40 tokens per call | – |');
  });

  it('are in the Markdown report, with every combo at its end', () => {
    const markdown = renderMarkdown(withCombos, { chartsDir: 'charts' });
    expect(markdown.indexOf('## Headline')).toBeLessThan(markdown.indexOf('## ParallelQA'));
    expect(markdown).toContain('### today, caching, 0');
    expect(markdown.indexOf('## Every combo')).toBeGreaterThan(markdown.indexOf('## Targets'));
  });
});

describe('the targets across combos', () => {
  const checks = checkTargets(combos);

  it('check the speedup over PFC and streaming PFC under 2025-26 profiles at every budget, LLMCompiler from the same profile and caching', () => {
    const pfc = checks.filter((check) => check.target.startsWith('at least 1.35x'));
    expect(pfc.map((check) => [check.combo, check.target, check.measured, check.met])).toEqual([
      ['gpt-4.1-mini/cache/20', 'at least 1.35x over parallel function calling', '1.50x', true],
      ['gpt-4.1-mini/cache/20', 'at least 1.35x over streaming parallel function calling', '1.25x', false],
      ['gpt-4.1-mini/cache/0', 'at least 1.35x over parallel function calling', '1.20x', false],
      ['gpt-4.1-mini/cache/0', 'at least 1.35x over streaming parallel function calling', '1.10x', false],
      ['gpt-4.1-mini/no-cache/20', 'at least 1.35x over parallel function calling', '1.40x', true],
    ]);
  });

  it('check LLMCompiler against ReAct under every combo', () => {
    expect(checks.filter((check) => check.target === 'faster than ReAct').map((check) => check.measured)).toEqual(['4.00x', '3.00x', '3.60x']);
  });
});

describe('the answer section', () => {
  /** The ParallelQA report of a combo, LLMCompiler with these joiner skips, every approach with a first answer token. */
  function answered(plan: number, joiner: number): WorkloadReport {
    const base = workload({ llmcompiler: 2, 'parallel-function-calling': 3 });
    return {
      ...base,
      approaches: base.approaches.map((summary) =>
        summary.approach === 'llmcompiler'
          ? { ...summary, firstAnswerMs: 1900, planAnswers: plan, joinerAnswers: joiner }
          : { ...summary, firstAnswerMs: 2950 },
      ),
    };
  }
  const answeredCombos: ComboReport[] = [
    { combo: { profile: 'gpt-4.1-mini', caching: true, thoughtBudget: 20 }, title: 'today, caching, 20', workloads: [answered(3, 0)] },
    { combo: { profile: 'gpt-4.1-mini', caching: false, thoughtBudget: 20 }, title: 'today, no caching, 20', workloads: [answered(2, 1)] },
  ];
  const answeredReport: BenchReport = { ...report, workloads: answeredCombos[0]!.workloads, combos: answeredCombos };

  it('counts the runs the plan answered, over every combo, per workload', () => {
    expect(renderJoinerSkips(answeredReport).split('\n')).toEqual([
      '| workload | llmcompiler: answered by the plan, joiner skipped |',
      '| --- | ---: |',
      '| ParallelQA | 5 of 6 (83%) |',
    ]);
  });

  it('gives each approach its time to the first answer token beside its whole run, in the primary combo', () => {
    const table = renderFirstAnswerTable(answeredReport);
    expect(table).toContain('| approach | ParallelQA: first token / whole (s) |');
    expect(table).toContain('| llmcompiler | 1.90 / 2.00 |');
    expect(table).toContain('| parallel-function-calling | 2.95 / 3.00 |');
  });

  it('is in the Markdown report, and in every combo table and workload table', () => {
    const markdown = renderMarkdown(answeredReport, { chartsDir: 'charts' });
    expect(markdown).toContain('## The answer: joiner skipped, first token');
    expect(markdown).toContain('| llmcompiler | 2.00 | 2.71 | 1.90 | 2 of 3 (67%) |');
    expect(markdown).toContain('| first answer token (s) | answered by the plan |');
    expect(markdown).toContain('| llmcompiler | 2.00 | 2.38 | 2.71 | 1.90 | 3 / 3 |');
    expect(markdown).toContain('| parallel-function-calling | 3.00 | 2.38 | 2.71 | 2.95 | – |');
  });
});
