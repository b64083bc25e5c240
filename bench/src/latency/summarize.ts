import type { RecordedRequest } from '@llmcompiler/testing';
import { mean, quantile } from '../stats.js';
import { BOUND_MODE, boundRun, criticalPathMs } from './bounds.js';
import type { Arm, HarnessResult, RunRecord } from './harness.js';
import { llmSpans } from './harness.js';
import type { Oracle, RequestNote } from './oracle.js';
import { PROFILES } from './profiles.js';
import type { ApproachName, ApproachSummary, Combo, ComboReport, GanttRun, Scenario, Span, TargetCheck, WorkloadName, WorkloadReport } from './types.js';
import type { Workload } from './workloads.js';

/** What the model saw of one run: its calls and their tokens. */
interface ModelUse {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens: number;
  readonly thoughtTokens: number;
  readonly framingTokens: number;
}

function modelUse(requests: readonly RecordedRequest[], notes: readonly RequestNote[]): ModelUse {
  let promptTokens = 0;
  let completionTokens = 0;
  for (const request of requests) {
    promptTokens += request.usage?.promptTokens ?? 0;
    completionTokens += request.usage?.completionTokens ?? 0;
  }
  const sum = (field: 'cachedTokens' | 'thoughtTokens' | 'framingTokens') => notes.reduce((total, note) => total + note[field], 0);
  const framingTokens = sum('framingTokens');
  // Framing is written and billed, though the simulated server does not send it.
  return { calls: requests.length, promptTokens, completionTokens: completionTokens + framingTokens, cachedTokens: sum('cachedTokens'), thoughtTokens: sum('thoughtTokens'), framingTokens };
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  readonly arms: readonly Arm[];
  readonly result: HarnessResult;
  /** Each arm's oracle, by arm id; without them (live mode) there are no token counts, bounds or Gantt. */
  readonly oracles?: ReadonlyMap<string, Oracle> | undefined;
  readonly live: boolean;
  /** The combo whose workloads get Gantt charts (the first, when not given). */
  readonly primary?: Combo | undefined;
}

/** A combo as a key and a title. */
export function comboKey({ profile, caching, thoughtBudget }: Combo): string {
  return `${profile}/${caching ? 'cache' : 'no-cache'}/${thoughtBudget}`;
}

export function comboTitle({ profile, caching, thoughtBudget }: Combo): string {
  return `${PROFILES[profile].title}, ${caching ? 'prompt caching' : 'no caching'}, ${thoughtBudget} thought tokens per call`;
}

/** What one run sent and got, and its bound. */
interface RunDetail {
  readonly requests: readonly RecordedRequest[];
  readonly notes: readonly RequestNote[];
  readonly bound?: GanttRun | undefined;
}

/** The report of each combo, in the order the arms give them. */
export function summarize({ arms, result, oracles, live, primary }: SummarizeOptions): ComboReport[] {
  const details = new Map<RunRecord, RunDetail>();
  for (const arm of arms) {
    const oracle = oracles?.get(arm.id);
    const endpoint = result.endpoints.get(arm.id);
    if (oracle === undefined || endpoint === undefined) continue;
    const byScenario = new Map<Scenario, RecordedRequest[]>();
    for (const request of endpoint.requests()) {
      const scenario = oracle.scenarioOf(request.body);
      if (scenario === undefined) continue;
      const list = byScenario.get(scenario) ?? [];
      list.push(request);
      byScenario.set(scenario, list);
    }
    for (const run of result.runs) {
      if (run.arm !== arm) continue;
      const requests = byScenario.get(run.scenario) ?? [];
      const notes = requests.map((request) => oracle.noteOf(request.body)).filter((note) => note !== undefined);
      let bound: GanttRun | undefined;
      if (run.failure === undefined && notes.length === requests.length && notes.length > 0) {
        try {
          bound = boundRun(run.scenario, notes, BOUND_MODE[run.approach]);
        } catch {
          bound = undefined;
        }
      }
      details.set(run, { requests, notes, bound });
    }
  }

  const combos: Combo[] = [];
  for (const arm of arms) if (!combos.some((combo) => comboKey(combo) === comboKey(arm.combo))) combos.push(arm.combo);
  const primaryKey = comboKey(primary ?? combos[0]!);
  return combos.map((combo) => {
    const key = comboKey(combo);
    const comboArms = arms.filter((arm) => comboKey(arm.combo) === key);
    const workloads = comboArms[0]!.workloads.map((workload) =>
      summarizeWorkload(workload, comboArms, result.runs.filter((run) => comboKey(run.arm.combo) === key && run.scenario.workload === workload.name), details, {
        counted: oracles !== undefined,
        live,
        withGantt: key === primaryKey && oracles !== undefined,
      }),
    );
    return { combo, title: comboTitle(combo), workloads };
  });
}

function summarizeWorkload(
  workload: Workload,
  arms: readonly Arm[],
  runs: readonly RunRecord[],
  details: ReadonlyMap<RunRecord, RunDetail>,
  { counted, live, withGantt }: { counted: boolean; live: boolean; withGantt: boolean },
): WorkloadReport {
  const ideals = new Map<Scenario, GanttRun>();
  for (const run of runs) {
    const bound = details.get(run)?.bound;
    if (run.approach === 'llmcompiler' && bound !== undefined) ideals.set(run.scenario, bound);
  }
  const idealMeanMs = ideals.size === 0 ? undefined : mean([...ideals.values()].map((ideal) => ideal.totalMs));
  const approachNames = arms.map((arm) => arm.approach.name).filter((name) => runs.some((run) => run.approach === name));
  const summaries = approachNames.map((approach) => summarizeApproach(approach, runs, details, counted, live));
  const meanOf = (name: ApproachName) => summaries.find((summary) => summary.approach === name)?.meanMs;
  const react = meanOf('react');
  const pfc = meanOf('parallel-function-calling');
  const pfcStreaming = meanOf('parallel-function-calling-streaming');
  const approaches = summaries.map((summary) => ({
    ...summary,
    speedupOverReact: react === undefined ? undefined : react / summary.meanMs,
    speedupOverPfc: pfc === undefined ? undefined : pfc / summary.meanMs,
    speedupOverPfcStreaming: pfcStreaming === undefined ? undefined : pfcStreaming / summary.meanMs,
    ratioToIdeal: idealMeanMs === undefined ? undefined : summary.meanMs / idealMeanMs,
  }));
  return {
    workload: workload.name,
    title: workload.title,
    shape: workload.shape,
    model: workload.model,
    questions: workload.scenarios.length,
    idealMeanMs,
    criticalPathMs: mean(workload.scenarios.map(criticalPathMs)),
    approaches,
    gantt: withGantt ? gantt(workload, runs, approachNames, details, ideals) : undefined,
  };
}

function summarizeApproach(
  approach: ApproachName,
  runs: readonly RunRecord[],
  details: ReadonlyMap<RunRecord, RunDetail>,
  counted: boolean,
  live: boolean,
): ApproachSummary {
  const mine = runs.filter((run) => run.approach === approach);
  // Live runs keep wrong answers in the latency figures (accuracy is reported apart); simulated ones cannot be wrong.
  const measured = mine.filter((run) => (live ? run.answer !== undefined : run.failure === undefined));
  const failed = mine.filter((run) => (live ? run.answer === undefined : run.failure !== undefined));
  const latencies = measured.map((run) => run.latencyMs);
  const uses = measured.map((run) => modelUse(details.get(run)?.requests ?? [], details.get(run)?.notes ?? []));
  const bounds = measured.map((run) => details.get(run)?.bound?.totalMs).filter((ms) => ms !== undefined);
  const meanMs = mean(latencies);
  const boundMs = counted && bounds.length === measured.length ? mean(bounds) : undefined;
  const average = (field: keyof ModelUse) => (counted ? mean(uses.map((use) => use[field])) : Number.NaN);
  const firstAnswers = measured.map((run) => run.firstAnswerMs).filter((ms) => ms !== undefined);
  const sources = measured.map((run) => run.answerSource).filter((source) => source !== undefined);
  return {
    approach,
    runs: mine.length,
    failures: failed.length,
    firstFailure: failed[0]?.failure,
    meanMs,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    llmCalls: average('calls'),
    promptTokens: average('promptTokens'),
    completionTokens: average('completionTokens'),
    cachedTokens: counted ? average('cachedTokens') : undefined,
    thoughtTokens: counted ? average('thoughtTokens') : undefined,
    framingTokens: counted ? average('framingTokens') : undefined,
    boundMs,
    ratioToBound: boundMs === undefined ? undefined : meanMs / boundMs,
    accuracy: live ? mine.filter((run) => run.answer !== undefined && run.failure === undefined).length / mine.length : undefined,
    firstAnswerMs: firstAnswers.length === 0 ? undefined : mean(firstAnswers),
    firstAnswerP50Ms: firstAnswers.length === 0 ? undefined : quantile(firstAnswers, 0.5),
    planAnswers: sources.length === 0 ? undefined : sources.filter((source) => source === 'plan').length,
    joinerAnswers: sources.length === 0 ? undefined : sources.filter((source) => source === 'joiner').length,
  };
}

/** The time lines of the workload's first question on which every approach succeeded. */
function gantt(
  workload: Workload,
  runs: readonly RunRecord[],
  order: readonly ApproachName[],
  details: ReadonlyMap<RunRecord, RunDetail>,
  ideals: ReadonlyMap<Scenario, GanttRun>,
): WorkloadReport['gantt'] {
  const scenario = workload.scenarios.find((candidate) => {
    const mine = runs.filter((run) => run.scenario === candidate);
    return mine.length > 0 && mine.every((run) => run.failure === undefined) && ideals.has(candidate);
  });
  if (scenario === undefined) return undefined;
  const ganttRuns: GanttRun[] = runs
    .filter((run) => run.scenario === scenario)
    .sort((a, b) => order.indexOf(a.approach) - order.indexOf(b.approach))
    .map((run) => {
      const tools: Span[] = run.toolCalls.map((call) => ({
        kind: 'tool',
        label: `${call.tool}(${JSON.stringify(call.key)})`,
        startMs: call.start - run.startedPerf,
        endMs: call.end - run.startedPerf,
      }));
      const spans = [...llmSpans(run, details.get(run)?.requests ?? []), ...tools].sort((a, b) => a.startMs - b.startMs);
      return { approach: run.approach, totalMs: run.latencyMs, spans };
    });
  ganttRuns.push(ideals.get(scenario)!);
  return { question: scenario.question, runs: ganttRuns };
}

/** The paper's speedups over ReAct. */
const PAPER_SPEEDUP: Partial<Record<WorkloadName, number>> = { hotpotqa: 1.8, movie: 3.74, parallelqa: 2.15 };

/** LLMCompiler's summary for a combo's workload: from the combo, or (budget sweeps) from the same profile and caching. */
export function compilerSummaryFor(combos: readonly ComboReport[], combo: Combo, workload: WorkloadName): ApproachSummary | undefined {
  const find = (candidate: ComboReport | undefined) =>
    candidate?.workloads.find((report) => report.workload === workload)?.approaches.find((summary) => summary.approach === 'llmcompiler');
  const own = find(combos.find((candidate) => comboKey(candidate.combo) === comboKey(combo)));
  if (own !== undefined) return own;
  return find(combos.find((candidate) => candidate.combo.profile === combo.profile && candidate.combo.caching === combo.caching && find(candidate) !== undefined));
}

/**
 * Checks the targets against the figures of every combo. Timing targets are reported as met or
 * missed; they never fail the run.
 *
 * - Under every combo with LLMCompiler: within 1.05x of its own zero-overhead bound; faster than the two
 *   peer libraries; fewer tokens than ReAct.
 * - Under the paper's profile: at least the paper's speedups over ReAct.
 * - Under the 2025-26 profiles, at every thought budget: at least 1.35x over parallel function calling on
 *   ParallelQA and 1.0x on HotpotQA, against the plain and the streaming baseline each.
 * - Under every combo, every thought budget included: faster than ReAct on every workload.
 */
export function checkTargets(combos: readonly ComboReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : `${value.toFixed(2)}x`);
  for (const { combo, workloads } of combos) {
    const key = comboKey(combo);
    const today = PROFILES[combo.profile].era === 'today';
    for (const report of workloads) {
      const { workload } = report;
      const find = (name: ApproachName) => report.approaches.find((summary) => summary.approach === name);
      const ours = compilerSummaryFor(combos, combo, workload);
      if (ours === undefined) continue;
      const react = find('react');
      if (react !== undefined) {
        const speedup = react.meanMs / ours.meanMs;
        checks.push({ target: 'faster than ReAct', combo: key, workload, measured: ratio(speedup), met: speedup > 1 });
      }
      const pfcTarget = workload === 'parallelqa' ? 1.35 : workload === 'hotpotqa' ? 1.0 : undefined;
      if (today && pfcTarget !== undefined) {
        for (const [label, name] of [
          ['parallel function calling', 'parallel-function-calling'],
          ['streaming parallel function calling', 'parallel-function-calling-streaming'],
        ] as const) {
          const theirs = find(name);
          if (theirs === undefined) continue;
          const value = theirs.meanMs / ours.meanMs;
          checks.push({ target: `at least ${pfcTarget.toFixed(2)}x over ${label}`, combo: key, workload, measured: ratio(value), met: value >= pfcTarget });
        }
      }
      if (find('llmcompiler') === undefined) continue;
      if (ours.ratioToBound !== undefined) {
        checks.push({ target: 'LLMCompiler within 1.05x of its zero-overhead bound', combo: key, workload, measured: ratio(ours.ratioToBound), met: ours.ratioToBound <= 1.05 });
      }
      const paper = PAPER_SPEEDUP[workload];
      if (combo.profile === 'paper' && paper !== undefined && ours.speedupOverReact !== undefined) {
        checks.push({ target: `speedup over ReAct at least the paper's ${paper.toFixed(2)}x`, combo: key, workload, measured: ratio(ours.speedupOverReact), met: ours.speedupOverReact >= paper });
      }
      for (const peer of ['ai-sdk', 'langchain'] as const) {
        const theirs = find(peer);
        if (theirs === undefined) continue;
        const speedup = theirs.meanMs / ours.meanMs;
        checks.push({ target: `faster than ${peer === 'ai-sdk' ? 'the AI SDK' : 'LangChain.js'}`, combo: key, workload, measured: ratio(speedup), met: speedup > 1 });
      }
      if (react !== undefined && !Number.isNaN(react.promptTokens)) {
        const ourTokens = ours.promptTokens + ours.completionTokens;
        const theirTokens = react.promptTokens + react.completionTokens;
        checks.push({
          target: 'fewer tokens than ReAct',
          combo: key,
          workload,
          measured: `${Math.round(ourTokens).toLocaleString('en-US')} vs ${Math.round(theirTokens).toLocaleString('en-US')}`,
          met: ourTokens < theirTokens,
        });
      }
    }
  }
  return checks;
}
