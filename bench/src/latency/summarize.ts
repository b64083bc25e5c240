import type { RecordedRequest } from '@llmcompiler/testing';
import { mean, quantile } from '../stats.js';
import type { HarnessResult, RunRecord } from './harness.js';
import { llmSpans } from './harness.js';
import { idealRun } from './ideal.js';
import { requestKind, type Oracle } from './oracle.js';
import type { ApproachName, ApproachSummary, GanttRun, Scenario, Span, TargetCheck, WorkloadName, WorkloadReport } from './types.js';
import type { Workload } from './workloads.js';

/** What the model saw of one run: its calls and their tokens. */
interface ModelUse {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

function modelUse(requests: readonly RecordedRequest[]): ModelUse {
  let promptTokens = 0;
  let completionTokens = 0;
  for (const request of requests) {
    promptTokens += request.usage?.promptTokens ?? 0;
    completionTokens += request.usage?.completionTokens ?? 0;
  }
  return { calls: requests.length, promptTokens, completionTokens };
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  readonly workloads: readonly Workload[];
  readonly result: HarnessResult;
  /** Tells requests apart by question; without it (live mode) there are no token counts, ideal or Gantt. */
  readonly oracle?: Oracle | undefined;
  readonly live: boolean;
}

/** The report of each workload. */
export function summarize({ workloads, result, oracle, live }: SummarizeOptions): WorkloadReport[] {
  const requestsByRun = new Map<RunRecord, RecordedRequest[]>();
  if (oracle !== undefined) {
    for (const [approach, endpoint] of result.endpoints) {
      const byScenario = new Map<Scenario, RecordedRequest[]>();
      for (const request of endpoint.requests()) {
        const scenario = oracle.scenarioOf(request.body);
        if (scenario === undefined) continue;
        const list = byScenario.get(scenario) ?? [];
        list.push(request);
        byScenario.set(scenario, list);
      }
      for (const run of result.runs) if (run.approach === approach) requestsByRun.set(run, byScenario.get(run.scenario) ?? []);
    }
  }

  return workloads.map((workload) => {
    const runs = result.runs.filter((run) => run.scenario.workload === workload.name);
    const ideals = new Map<Scenario, GanttRun>();
    if (oracle !== undefined) {
      for (const run of runs) {
        if (run.approach !== 'llmcompiler' || run.failure !== undefined) continue;
        const requests = requestsByRun.get(run) ?? [];
        const planner = requests.find((request) => requestKind(request.body) === 'planner');
        const joiner = requests.find((request) => requestKind(request.body) === 'joiner');
        if (planner?.usage === undefined || joiner?.usage === undefined) continue;
        ideals.set(
          run.scenario,
          idealRun(run.scenario, workload.model, {
            plannerPromptTokens: planner.usage.promptTokens,
            joinerPromptTokens: joiner.usage.promptTokens,
            joinerCompletionTokens: joiner.usage.completionTokens,
          }),
        );
      }
    }
    const idealMeanMs = ideals.size === 0 ? undefined : mean([...ideals.values()].map((ideal) => ideal.totalMs));
    // In the order the approaches were given (the endpoints' order), not the order their runs ended.
    const approachNames = [...result.endpoints.keys()].filter((name) => runs.some((run) => run.approach === name));
    const summaries = approachNames.map((approach) => summarizeApproach(approach, runs, requestsByRun, oracle !== undefined, live));
    const meanOf = (name: ApproachName) => summaries.find((summary) => summary.approach === name)?.meanMs;
    const react = meanOf('react');
    const pfc = meanOf('parallel-function-calling');
    const approaches = summaries.map((summary) => ({
      ...summary,
      speedupOverReact: react === undefined ? undefined : react / summary.meanMs,
      speedupOverPfc: pfc === undefined ? undefined : pfc / summary.meanMs,
      ratioToIdeal: idealMeanMs === undefined ? undefined : summary.meanMs / idealMeanMs,
    }));
    return {
      workload: workload.name,
      title: workload.title,
      shape: workload.shape,
      model: workload.model,
      questions: workload.scenarios.length,
      idealMeanMs,
      approaches,
      gantt: oracle === undefined ? undefined : gantt(workload, runs, approachNames, requestsByRun, ideals, oracle),
    };
  });
}

function summarizeApproach(
  approach: ApproachName,
  runs: readonly RunRecord[],
  requestsByRun: ReadonlyMap<RunRecord, RecordedRequest[]>,
  counted: boolean,
  live: boolean,
): ApproachSummary {
  const mine = runs.filter((run) => run.approach === approach);
  // Live runs keep wrong answers in the latency figures (accuracy is reported apart); simulated ones cannot be wrong.
  const measured = mine.filter((run) => (live ? run.answer !== undefined : run.failure === undefined));
  const failed = mine.filter((run) => (live ? run.answer === undefined : run.failure !== undefined));
  const latencies = measured.map((run) => run.latencyMs);
  const uses = measured.map((run) => modelUse(requestsByRun.get(run) ?? []));
  return {
    approach,
    runs: mine.length,
    failures: failed.length,
    firstFailure: failed[0]?.failure,
    meanMs: mean(latencies),
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    llmCalls: counted ? mean(uses.map((use) => use.calls)) : Number.NaN,
    promptTokens: counted ? mean(uses.map((use) => use.promptTokens)) : Number.NaN,
    completionTokens: counted ? mean(uses.map((use) => use.completionTokens)) : Number.NaN,
    accuracy: live ? mine.filter((run) => run.answer !== undefined && run.failure === undefined).length / mine.length : undefined,
  };
}

/** The time lines of the workload's first question on which every approach succeeded. */
function gantt(
  workload: Workload,
  runs: readonly RunRecord[],
  order: readonly ApproachName[],
  requestsByRun: ReadonlyMap<RunRecord, RecordedRequest[]>,
  ideals: ReadonlyMap<Scenario, GanttRun>,
  oracle: Oracle,
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
      const spans = [...llmSpans(run, requestsByRun.get(run) ?? [], oracle), ...tools].sort((a, b) => a.startMs - b.startMs);
      return { approach: run.approach, totalMs: run.latencyMs, spans };
    });
  ganttRuns.push(ideals.get(scenario)!);
  return { question: scenario.question, runs: ganttRuns };
}

/** The paper's speedups over ReAct. */
const PAPER_SPEEDUP: Partial<Record<WorkloadName, number>> = { hotpotqa: 1.8, movie: 3.74, parallelqa: 2.15 };

/** Checks the targets against the figures. */
export function checkTargets(reports: readonly WorkloadReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : `${value.toFixed(2)}x`);
  for (const report of reports) {
    const ours = report.approaches.find((summary) => summary.approach === 'llmcompiler');
    if (ours === undefined) continue;
    const { workload } = report;
    if (ours.ratioToIdeal !== undefined) {
      checks.push({ target: 'LLMCompiler within 1.05x of the ideal bound', workload, measured: ratio(ours.ratioToIdeal), met: ours.ratioToIdeal <= 1.05 });
    }
    const paper = PAPER_SPEEDUP[workload];
    if (paper !== undefined && ours.speedupOverReact !== undefined) {
      checks.push({
        target: `speedup over ReAct at least the paper's ${paper.toFixed(2)}x`,
        workload,
        measured: ratio(ours.speedupOverReact),
        met: ours.speedupOverReact >= paper,
      });
    }
    if (workload === 'parallelqa' && ours.speedupOverPfc !== undefined) {
      checks.push({ target: 'at least 1.35x over parallel function calling', workload, measured: ratio(ours.speedupOverPfc), met: ours.speedupOverPfc >= 1.35 });
    }
    for (const peer of ['ai-sdk', 'langchain'] as const) {
      const theirs = report.approaches.find((summary) => summary.approach === peer);
      if (theirs === undefined) continue;
      const speedup = theirs.meanMs / ours.meanMs;
      checks.push({ target: `faster than ${peer === 'ai-sdk' ? 'the AI SDK' : 'LangChain.js'}`, workload, measured: ratio(speedup), met: speedup > 1 });
    }
    const react = report.approaches.find((summary) => summary.approach === 'react');
    if (react !== undefined && !Number.isNaN(react.promptTokens)) {
      const ourTokens = ours.promptTokens + ours.completionTokens;
      const theirTokens = react.promptTokens + react.completionTokens;
      checks.push({
        target: 'fewer tokens than ReAct',
        workload,
        measured: `${Math.round(ourTokens).toLocaleString('en-US')} vs ${Math.round(theirTokens).toLocaleString('en-US')}`,
        met: ourTokens < theirTokens,
      });
    }
  }
  return checks;
}
