/**
 * The parts of the report that compare combos (latency profile, prompt caching, thought budget): the
 * headline table, the thought-budget sweep, the grid of which parameter drives which result, and a compact
 * table per combo and workload.
 */
import { PROFILES } from '../profiles.js';
import { compilerSummaryFor, comboKey } from '../summarize.js';
import type { ApproachName, ApproachSummary, BenchReport, Combo, ComboReport, WorkloadName, WorkloadReport } from '../types.js';
import { formatInteger, formatPercent, formatRatio, formatSeconds, isFigure } from './format.js';
import { renderTable } from './table.js';

function summaryOf(workload: WorkloadReport | undefined, name: ApproachName): ApproachSummary | undefined {
  return workload?.approaches.find((summary) => summary.approach === name);
}

function workloadOf(combo: ComboReport | undefined, name: WorkloadName): WorkloadReport | undefined {
  return combo?.workloads.find((workload) => workload.workload === name);
}

function comboLabel({ profile, caching }: Combo): string {
  return `${PROFILES[profile].title}, ${caching ? 'caching' : 'no caching'}`;
}

/** LLMCompiler's mean over a baseline's mean in a combo (from the same profile and caching in a sweep combo). */
function speedup(combos: readonly ComboReport[], combo: ComboReport, workload: WorkloadName, baseline: ApproachName): number | undefined {
  const ours = compilerSummaryFor(combos, combo.combo, workload);
  const theirs = summaryOf(workloadOf(combo, workload), baseline);
  return ours === undefined || theirs === undefined ? undefined : theirs.meanMs / ours.meanMs;
}

/** The combos that ran every approach (the default thought budget). */
function mainCombos(report: BenchReport): ComboReport[] {
  return (report.combos ?? []).filter((combo) => combo.workloads.some((workload) => summaryOf(workload, 'llmcompiler') !== undefined));
}

/**
 * The headline: a row per profile and caching (at the default thought budget), a column per workload, each
 * cell LLMCompiler's speedup over parallel function calling, over its streaming variant, and over ReAct.
 */
export function renderHeadlineTable(report: BenchReport): string {
  const combos = mainCombos(report).sort((a, b) => order(a.combo) - order(b.combo));
  const workloads = report.workloads.map((workload) => workload);
  const header = ['profile', 'budget', ...workloads.map((workload) => workload.title)];
  const rows = combos.map((combo) => [
    comboLabel(combo.combo),
    String(combo.combo.thoughtBudget),
    ...workloads.map((workload) => {
      const all = report.combos ?? [];
      const cells = (['parallel-function-calling', 'parallel-function-calling-streaming', 'react'] as const).map((name) => formatRatio(speedup(all, combo, workload.workload, name)));
      return cells.join(' / ');
    }),
  ]);
  return renderTable(header, rows, 2);
}

function order({ profile, caching }: Combo): number {
  return Object.keys(PROFILES).indexOf(profile) * 2 + (caching ? 1 : 0);
}

/** Per workload: LLMCompiler over ReAct, PFC and streaming PFC at each thought budget, per profile and caching. */
export function renderBudgetSweep(report: BenchReport): string {
  const all = report.combos ?? [];
  const budgets = [...new Set(all.map((combo) => combo.combo.thoughtBudget))].sort((a, b) => a - b);
  const settings = [...new Map(all.map((combo) => [`${combo.combo.profile}/${combo.combo.caching}`, combo.combo])).values()].sort((a, b) => order(a) - order(b));
  const sections = report.workloads.map((workload) => {
    const header = ['profile', ...budgets.map((budget) => `budget ${budget}: vs ReAct / PFC / PFC-s`)];
    const rows = settings.map((setting) => [
      comboLabel(setting),
      ...budgets.map((budget) => {
        const combo = all.find((candidate) => comboKey(candidate.combo) === comboKey({ ...setting, thoughtBudget: budget }));
        if (combo === undefined) return '–';
        return (['react', 'parallel-function-calling', 'parallel-function-calling-streaming'] as const)
          .map((name) => formatRatio(speedup(all, combo, workload.workload, name)))
          .join(' / ');
      }),
    ]);
    return [`### ${workload.title}`, renderTable(header, rows, 1)].join('\n\n');
  });
  return [
    '## Thought budget sweep',
    'LLMCompiler\'s speedup over ReAct, parallel function calling (PFC) and streaming PFC (PFC-s) when the baselines write 0, 20 or 40 tokens of thought per tool call. LLMCompiler writes what its own prompts ask for whatever the budget, so its figure is the one measured at the default budget.',
    ...sections,
  ].join('\n\n');
}

/**
 * Which parameter drives which result: for each workload, LLMCompiler's speedup over PFC as one parameter
 * moves and the others stay put.
 */
export function renderDrivers(report: BenchReport): string {
  const all = report.combos ?? [];
  const find = (combo: Combo) => all.find((candidate) => comboKey(candidate.combo) === comboKey(combo));
  const measured = new Set(all.map((combo) => combo.combo.profile));
  const today = (Object.keys(PROFILES) as Combo['profile'][]).filter((name) => PROFILES[name].era === 'today' && measured.has(name));
  const base: Combo = { profile: today[0] ?? 'paper', caching: true, thoughtBudget: 20 };
  const pair = (from: Combo, to: Combo, workload: WorkloadName, baseline: ApproachName = 'parallel-function-calling', toBaseline = baseline): string => {
    const a = find(from);
    const b = find(to);
    const before = a === undefined ? undefined : speedup(all, a, workload, baseline);
    const after = b === undefined ? undefined : speedup(all, b, workload, toBaseline);
    return isFigure(before) && isFigure(after) ? `${formatRatio(before)} → ${formatRatio(after)}` : '–';
  };
  const rows: [string, (workload: WorkloadName) => string][] = [
    ['thought budget of the baselines, 0 → 40 tokens per call', (w) => pair({ ...base, thoughtBudget: 0 }, { ...base, thoughtBudget: 40 }, w)],
    ["model profile, paper's era → today (no caching)", (w) => pair({ ...base, profile: 'paper', caching: false }, { ...base, caching: false }, w)],
    ['prompt caching, off → on', (w) => pair({ ...base, caching: false }, base, w)],
    ['baseline, PFC → streaming PFC', (w) => pair(base, base, w, 'parallel-function-calling', 'parallel-function-calling-streaming')],
    ...today.slice(1).map((profile): [string, (workload: WorkloadName) => string] => [
      `today's profile, ${PROFILES[base.profile].title.replace('2025-26: ', '')} → ${PROFILES[profile].title.replace('2025-26: ', '')}`,
      (w) => pair(base, { ...base, profile }, w),
    ]),
  ];
  const header = ['parameter (others as in the first 2025-26 profile with caching, budget 20)', ...report.workloads.map((workload) => workload.title)];
  return [
    '## What drives the results',
    "LLMCompiler's speedup over parallel function calling as one parameter moves.",
    renderTable(header, rows.map(([label, cell]) => [label, ...report.workloads.map((workload) => cell(workload.workload))]), 1),
  ].join('\n\n');
}

/** The LLMCompiler approaches, whose runs may end with the plan's stated answer instead of the joiner's. */
const COMPILERS: readonly ApproachName[] = ['llmcompiler', 'llmcompiler-no-streaming'];

/** `plan / runs (share)`: how many runs finished with the plan's stated answer, of those that reported a source. */
function skipCell(plan: number, joiner: number): string {
  const runs = plan + joiner;
  return runs === 0 ? '–' : `${formatInteger(plan)} of ${formatInteger(runs)} (${formatPercent(plan / runs)})`;
}

/**
 * How often the joiner was skipped, per workload: the LLMCompiler runs (over every combo) that finished with
 * the answer their plan stated, against those where the joiner answered.
 */
export function renderJoinerSkips(report: BenchReport): string {
  // Every combo's workloads, or the report's own when it has no combos.
  const sets = report.combos?.map((combo) => combo.workloads) ?? [report.workloads];
  const names = COMPILERS.filter((name) => sets.some((workloads) => workloads.some((workload) => summaryOf(workload, name)?.planAnswers !== undefined)));
  const rows = report.workloads.map((workload) => [
    workload.title,
    ...names.map((name) => {
      let plan = 0;
      let joiner = 0;
      for (const workloads of sets) {
        const summary = summaryOf(workloads.find((candidate) => candidate.workload === workload.workload), name);
        plan += summary?.planAnswers ?? 0;
        joiner += summary?.joinerAnswers ?? 0;
      }
      return skipCell(plan, joiner);
    }),
  ]);
  return renderTable(['workload', ...names.map((name) => `${name}: answered by the plan, joiner skipped`)], rows, 1);
}

/**
 * Time to the first answer token in the primary combo: per approach and workload, the mean from a run's start
 * to its final answer's first token, beside the mean latency (`first / whole`, seconds).
 */
export function renderFirstAnswerTable(report: BenchReport): string {
  const names = [...new Set(report.workloads.flatMap((workload) => workload.approaches.map((summary) => summary.approach)))];
  const rows = names.map((name) => [
    name,
    ...report.workloads.map((workload) => {
      const summary = summaryOf(workload, name);
      return summary === undefined ? '–' : `${formatSeconds(summary.firstAnswerMs)} / ${formatSeconds(summary.meanMs)}`;
    }),
  ]);
  return renderTable(['approach', ...report.workloads.map((workload) => `${workload.title}: first token / whole (s)`)], rows, 1);
}

/** The section on the answer: the joiner skip per workload, and the time to the first answer token. */
export function renderAnswerSection(report: BenchReport): string {
  const first = report.combos?.[0];
  return [
    '## The answer: joiner skipped, first token',
    "How often LLMCompiler's plan stated the answer and the run finished without the joiner (`join-end` with `source: 'plan'`), over every combo. The planner states it when its prompt asks for stated answers and the question's answer is a task's value or a template over values; otherwise it ends with `join()` and the joiner answers.",
    renderJoinerSkips(report),
    `Time from a run's start to its final answer's first token (LLMCompiler: \`RunResult.firstAnswerAt\`; the loops that stream: the first text of the answering turn; the AI SDK and LangChain, which do not stream: when the last reply arrived), beside the whole run, in the primary combo${first === undefined ? '' : ` (${first.title})`}. Every combo's tables give it too.`,
    renderFirstAnswerTable(report),
  ].join('\n\n');
}

/** A compact table per combo and workload: each approach's mean, its own bound, and its tokens. */
export function renderComboTables(report: BenchReport): string {
  const sections = (report.combos ?? []).map((combo) => {
    const tables = combo.workloads.map((workload) => {
      const header = ['approach', 'mean (s)', 'p95 (s)', 'first answer token (s)', 'joiner skipped', 'own bound (s)', 'vs own bound', 'vs ReAct', 'vs PFC', 'vs PFC-s', 'LLM calls', 'prompt tokens', 'cached', 'completion tokens', 'thought tokens', 'failures'];
      const rows = workload.approaches.map((summary) => [
        summary.approach,
        formatSeconds(summary.meanMs),
        formatSeconds(summary.p95Ms),
        formatSeconds(summary.firstAnswerMs),
        summary.planAnswers === undefined ? '–' : skipCell(summary.planAnswers, summary.joinerAnswers ?? 0),
        formatSeconds(summary.boundMs),
        formatRatio(summary.ratioToBound),
        formatRatio(summary.speedupOverReact),
        formatRatio(summary.speedupOverPfc),
        formatRatio(summary.speedupOverPfcStreaming),
        isFigure(summary.llmCalls) ? summary.llmCalls.toFixed(1) : '–',
        formatInteger(summary.promptTokens),
        formatInteger(summary.cachedTokens),
        formatInteger(summary.completionTokens),
        formatInteger(summary.thoughtTokens),
        `${formatInteger(summary.failures)} / ${formatInteger(summary.runs)}`,
      ]);
      const floor = isFigure(workload.criticalPathMs) ? ` Tools' critical path (no model time at all): ${formatSeconds(workload.criticalPathMs)} s.` : '';
      return [`#### ${workload.title} (${workload.questions} questions, ${workload.model.name})${floor}`, renderTable(header, rows, 1)].join('\n\n');
    });
    return [`### ${combo.title}`, ...tables].join('\n\n');
  });
  return ['## Every combo', ...sections].join('\n\n');
}
