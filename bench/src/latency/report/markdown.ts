import {
  MISSING,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSeconds,
  isFigure,
} from './format.js';
import type { ApproachName, ApproachSummary, BenchReport, ScaleReport, TargetCheck, WorkloadReport } from '../types.js';
import { renderAnswerSection, renderBudgetSweep, renderComboTables, renderDrivers, renderHeadlineTable } from './combos.js';
import { oneLine, renderTable } from './table.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Where the charts are, relative to the Markdown file, e.g. `charts`; the image links start with it. */
  readonly chartsDir: string;
}

/**
 * The whole report as a Markdown document: the run (date, mode, machine, duration), the simulated world, the
 * approaches, a section per workload (a table of figures per approach and links to its two charts), the
 * targets and, when measured, the scale section. Missing figures show as `–`.
 *
 * @example
 * ```ts
 * await writeFile('results/latency.md', renderMarkdown(report, { chartsDir: 'charts' }));
 * ```
 */
export function renderMarkdown(report: BenchReport, options: MarkdownOptions): string {
  const chartsDir = options.chartsDir.replace(/\/+$/, '');
  const sections = [
    renderHeader(report),
    renderWorld(report.world),
    renderApproaches(report.approaches),
    ...(report.combos === undefined || report.combos.length === 0 ? [] : renderCombos(report)),
    ...report.workloads.map((workload) => renderWorkload(workload, chartsDir)),
    renderTargets(report.targets),
    ...(report.scale === undefined ? [] : [renderScale(report.scale)]),
    ...(report.combos === undefined || report.combos.length === 0 ? [] : [renderComboTables(report)]),
  ];
  return `${sections.join('\n\n')}\n`;
}

/**
 * One compact table for the repository's README: a row per workload with the mean latency of LLMCompiler and
 * of each baseline, LLMCompiler's speedups and ratio to the ideal bound, and its tokens (prompt and completion)
 * relative to ReAct's.
 */
export function renderSummaryTable(report: BenchReport): string {
  const header = [
    'workload',
    'LLMCompiler (s)',
    'ReAct (s)',
    'PFC (s)',
    'AI SDK (s)',
    'LangChain (s)',
    'speedup vs ReAct',
    'vs PFC',
    'vs ideal',
    'tokens vs ReAct',
  ];
  const rows = report.workloads.map((workload) => {
    const find = (name: ApproachName) => workload.approaches.find((summary) => summary.approach === name);
    const compiler = find('llmcompiler');
    const react = find('react');
    const baselines: ApproachName[] = ['react', 'parallel-function-calling', 'ai-sdk', 'langchain'];
    return [
      workload.title,
      formatSeconds(compiler?.meanMs),
      ...baselines.map((name) => formatSeconds(find(name)?.meanMs)),
      formatRatio(compiler?.speedupOverReact),
      formatRatio(compiler?.speedupOverPfc),
      formatRatio(compiler?.ratioToIdeal),
      formatRatio(tokenRatio(compiler, react)),
    ];
  });
  return renderTable(header, rows, 1);
}

function tokenRatio(summary: ApproachSummary | undefined, base: ApproachSummary | undefined): number | undefined {
  if (summary === undefined || base === undefined) return undefined;
  const baseTokens = base.promptTokens + base.completionTokens;
  return baseTokens > 0 ? (summary.promptTokens + summary.completionTokens) / baseTokens : undefined;
}

function renderCombos(report: BenchReport): string[] {
  const first = report.combos?.[0];
  return [
    [
      '## Headline',
      `LLMCompiler's speedup over parallel function calling / streaming parallel function calling / ReAct, each a ratio of mean latencies, at the default thought budget. Questions per combo: ${report.questionsPerCombo ?? '–'}. The workload sections below, and the charts, are those of the primary combo${first === undefined ? '' : ` (${first.title})`}; every combo's figures are at the end.`,
      renderHeadlineTable(report),
    ].join('\n\n'),
    renderBudgetSweep(report),
    renderDrivers(report),
    renderAnswerSection(report),
  ];
}

function renderHeader(report: BenchReport): string {
  const { cpu, cores, memoryGb, os, node } = report.machine;
  return [
    '# Latency benchmark',
    '',
    `- Date: ${report.date}`,
    `- Mode: ${report.mode}`,
    `- Machine: ${cpu} (${cores} cores, ${formatNumber(memoryGb, 1)} GB memory), ${os}, Node ${node}`,
    `- Duration: ${formatDuration(report.durationMs)}`,
  ].join('\n');
}

function renderWorld(lines: readonly string[]): string {
  return ['## The simulated world', '', ...lines.map((line) => `- ${line}`)].join('\n');
}

function renderApproaches(approaches: BenchReport['approaches']): string {
  return ['## Approaches', '', ...approaches.map(({ name, description }) => `- \`${name}\`: ${description}`)].join('\n');
}

function renderWorkload(workload: WorkloadReport, chartsDir: string): string {
  const { model } = workload;
  const facts = [
    `- Shape: ${workload.shape}`,
    isFigure(model.timeToFirstTokenMs)
      ? `- Model profile: ${model.name} (first token after ${formatInteger(model.timeToFirstTokenMs)} ms, ` +
        `${formatInteger(model.outputTokensPerSecond)} output tokens/s, ${formatInteger(model.promptTokensPerSecond)} prompt tokens/s)`
      : `- Model: ${model.name}`,
    `- Questions: ${workload.questions}`,
    `- LLMCompiler's zero-overhead bound (mean; a bound on LLMCompiler under this model, not on the question): ${isFigure(workload.idealMeanMs) ? `${formatSeconds(workload.idealMeanMs)} s` : MISSING}`,
    ...(isFigure(workload.criticalPathMs) ? [`- Tools' critical path (mean; no model time at all): ${formatSeconds(workload.criticalPathMs)} s`] : []),
  ];
  const charts = [`![${workload.title}: latency per question](${chartsDir}/${workload.workload}-latency.svg)`];
  if (workload.gantt !== undefined) {
    charts.push(`![${workload.title}: one question, every approach](${chartsDir}/${workload.workload}-gantt.svg)`);
  }
  const failures = workload.approaches.filter((summary) => summary.failures > 0).map(renderFailure);
  return [
    `## ${workload.title} (\`${workload.workload}\`)`,
    facts.join('\n'),
    renderApproachTable(workload.approaches),
    ...(failures.length > 0 ? [failures.join('\n')] : []),
    charts.join('\n\n'),
  ].join('\n\n');
}

function renderApproachTable(approaches: readonly ApproachSummary[]): string {
  const withAccuracy = approaches.some((summary) => summary.accuracy !== undefined);
  const withBounds = approaches.some((summary) => summary.boundMs !== undefined);
  const withFirstAnswer = approaches.some((summary) => summary.firstAnswerMs !== undefined);
  const withSkips = approaches.some((summary) => summary.planAnswers !== undefined);
  const header = [
    'approach',
    'mean (s)',
    'p50 (s)',
    'p95 (s)',
    ...(withFirstAnswer ? ['first answer token (s)'] : []),
    ...(withSkips ? ['answered by the plan'] : []),
    'vs ReAct',
    'vs PFC',
    ...(withBounds ? ['vs PFC-s', 'own bound (s)', 'vs own bound'] : []),
    'vs LLMCompiler bound',
    'LLM calls',
    'prompt tokens',
    'completion tokens',
    ...(withAccuracy ? ['accuracy'] : []),
    'failures',
  ];
  const rows = approaches.map((summary) => [
    summary.approach,
    formatSeconds(summary.meanMs),
    formatSeconds(summary.p50Ms),
    formatSeconds(summary.p95Ms),
    ...(withFirstAnswer ? [formatSeconds(summary.firstAnswerMs)] : []),
    ...(withSkips ? [summary.planAnswers === undefined ? MISSING : `${formatInteger(summary.planAnswers)} / ${formatInteger(summary.planAnswers + (summary.joinerAnswers ?? 0))}`] : []),
    formatRatio(summary.speedupOverReact),
    formatRatio(summary.speedupOverPfc),
    ...(withBounds ? [formatRatio(summary.speedupOverPfcStreaming), formatSeconds(summary.boundMs), formatRatio(summary.ratioToBound)] : []),
    formatRatio(summary.ratioToIdeal),
    formatNumber(summary.llmCalls, 1),
    formatInteger(summary.promptTokens),
    formatInteger(summary.completionTokens),
    ...(withAccuracy ? [formatPercent(summary.accuracy)] : []),
    `${formatInteger(summary.failures)} / ${formatInteger(summary.runs)}`,
  ]);
  return renderTable(header, rows, 1);
}

function renderFailure(summary: ApproachSummary): string {
  const first = summary.firstFailure === undefined ? '' : `; the first: ${oneLine(summary.firstFailure)}`;
  return `- \`${summary.approach}\` failed ${summary.failures} of ${summary.runs} runs${first}`;
}

function renderTargets(targets: readonly TargetCheck[]): string {
  const withCombo = targets.some((check) => check.combo !== undefined);
  const rows = targets.map((check) => [check.target, ...(withCombo ? [check.combo ?? 'all'] : []), check.workload, check.measured, check.met ? '✓' : '✗']);
  const header = ['target', ...(withCombo ? ['combo'] : []), 'workload', 'measured', 'met'];
  const missed = targets.filter((check) => !check.met).length;
  return ['## Targets', `${targets.length - missed} of ${targets.length} met. Timing targets are reported, never fail the run.`, renderTable(header, rows, header.length)].join('\n\n');
}

function renderScale(scale: ScaleReport): string {
  const { wide, chain, concurrent } = scale;
  const all = scale.concurrentRuns ?? [concurrent];
  const cpu = (median: number | undefined, best: number | undefined): string =>
    median === undefined || best === undefined ? '' : `; CPU time ${formatNumber(median, 1)} µs per task (best run ${formatNumber(best, 1)})`;
  const wideBest = wide.bestCpuUsPerTask;
  const chainBest = chain.bestCpuUsPerTask;
  const lines = [
    `- ${formatInteger(wide.tasks)} independent zero-latency tasks in one run: ${formatNumber(wide.totalMs, 1)} ms in total, ` +
      `${formatNumber(wide.usPerTask, 1)} µs per task${cpu(wide.cpuUsPerTask, wideBest)}.`,
    `- A chain of ${formatInteger(chain.depth)} zero-latency tasks, each referencing the one before: ` +
      `${formatNumber(chain.totalMs, 1)} ms in total, ${formatNumber(chain.usPerHop, 1)} µs per hop` +
      `${chain.bestUsPerHop === undefined ? '' : ` (best run ${formatNumber(chain.bestUsPerHop, 1)})`}${cpu(chain.cpuUsPerTask, chainBest)}.`,
    ...(wideBest === undefined || chainBest === undefined
      ? []
      : [
          `- Target: under 10 µs per task and per hop, judged on the best run's CPU time per task: other processes only ` +
            `ever add to a run's time, wall time counts the time they hold the CPU, and on a shared machine they slow ` +
            `the CPU time of a run too, so the least disturbed run is the nearest to the code's own cost: ` +
            `${wideBest < 10 && chainBest < 10 ? 'met' : 'missed (reported, not failed)'}` +
            `${scale.loadAverage === undefined ? '' : `, at a load average of ${formatNumber(scale.loadAverage, 1)}`}.`,
        ]),
    `- ${all.map((run) => formatInteger(run.runs)).join(' and ')} runs at once against the simulated server (${concurrent.model.name}):`,
  ];
  const header = [
    'runs',
    'failures',
    'wall time (s)',
    'runs/s',
    'p50 (s)',
    'p95 (s)',
    'alone (s)',
    'p50 vs alone',
    'p95 vs alone',
    'peak RSS (MB)',
    'peak heap (MB)',
    'baseline heap (MB)',
    'heap per run (KB)',
  ];
  const rows = all.map((run) => [
    formatInteger(run.runs),
    formatInteger(run.failures),
    formatSeconds(run.wallMs),
    formatNumber(run.runsPerSecond, 1),
    formatSeconds(run.p50Ms),
    formatSeconds(run.p95Ms),
    formatSeconds(run.aloneMs),
    formatRatio(run.aloneMs > 0 ? run.p50Ms / run.aloneMs : undefined),
    formatRatio(run.aloneMs > 0 ? run.p95Ms / run.aloneMs : undefined),
    formatNumber(run.peakRssMb, 1),
    formatNumber(run.peakHeapMb, 1),
    formatNumber(run.baselineHeapMb, 1),
    formatNumber(run.heapPerRunKb ?? ((run.peakHeapMb - run.baselineHeapMb) * 1024) / run.runs, 1),
  ]);
  return ['## Scale', lines.join('\n'), renderTable(header, rows, 0)].join('\n\n');
}

