import { setMaxListeners } from 'node:events';
import { startFakeOpenAI, type FakeOpenAIServer, type RecordedRequest } from '@llmcompiler/testing';
import { requestKind, type Oracle } from './oracle.js';
import type { AnswerSource, Approach, ApproachName, Combo, Scenario, Span, World } from './types.js';
import type { Workload } from './workloads.js';
import type { ToolCallRecord } from './world.js';

/** One approach under one combo, on the workloads it runs: its runs go to an endpoint of their own. */
export interface Arm {
  /** e.g. `gpt-4.1-mini/cache/20/react`. */
  readonly id: string;
  readonly combo: Combo;
  readonly approach: Approach;
  /** The workloads, with the combo's models. */
  readonly workloads: readonly Workload[];
}

/** One approach's run on one question. */
export interface RunRecord {
  readonly arm: Arm;
  readonly approach: ApproachName;
  readonly scenario: Scenario;
  /** Milliseconds from the call to the answer (or the failure). */
  readonly latencyMs: number;
  readonly answer?: string | undefined;
  /** Milliseconds from the call to the final answer's first token (see `ApproachAnswer.firstAnswerAt`). */
  readonly firstAnswerMs?: number | undefined;
  /** LLMCompiler: whether the plan's stated answer finished the run or the joiner answered. */
  readonly answerSource?: AnswerSource | undefined;
  /** Why the run failed: what it threw, or a wrong answer. */
  readonly failure?: string | undefined;
  /** `Date.now()` and `performance.now()` at the start. */
  readonly startedAt: number;
  readonly startedPerf: number;
  readonly toolCalls: readonly ToolCallRecord[];
}

/** Where the runs of one approach went. */
export interface Endpoint {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly model: string;
  /** The chat requests the endpoint received (the simulated server's record); empty for a real endpoint. */
  readonly requests: () => readonly RecordedRequest[];
  close(): Promise<void>;
}

/** How the harness runs. */
export interface HarnessOptions {
  readonly arms: readonly Arm[];
  /** Runs in flight at once, over every approach and question. */
  readonly concurrency: number;
  readonly maxSteps: number;
  /** A run is aborted (and counted as failed) after this long. */
  readonly runTimeoutMs: number;
  /** Makes the endpoint an arm talks to. */
  readonly endpoint: (arm: Arm) => Promise<Endpoint>;
  /** The world a run's tools run in; `onCall` records each tool call. */
  readonly world: (onCall: (call: ToolCallRecord) => void) => World;
  /** Whether an answer is right. */
  readonly isRight: (answer: string, scenario: Scenario) => boolean;
  readonly log?: ((line: string) => void) | undefined;
}

/** Every run, and each arm's endpoint by arm id (still open: the caller reads its requests, then closes it). */
export interface HarnessResult {
  readonly runs: readonly RunRecord[];
  readonly endpoints: ReadonlyMap<string, Endpoint>;
}

/**
 * Runs every arm on every question of its workloads, `concurrency` runs at a time, longest expected first so
 * that the pool stays full. Each arm has its own endpoint, so what the model saw of each run can be told
 * apart (and each has its own prompt cache).
 */
export async function runAll(options: HarnessOptions): Promise<HarnessResult> {
  const { arms, concurrency, log } = options;
  const endpoints = new Map<string, Endpoint>();
  for (const arm of arms) endpoints.set(arm.id, await options.endpoint(arm));
  const jobs = arms
    .flatMap((arm) => arm.workloads.flatMap((workload) => workload.scenarios.map((scenario) => ({ arm, scenario, cost: expectedCost(arm, workload, scenario) }))))
    .sort((a, b) => b.cost - a.cost);
  const runs: RunRecord[] = [];
  let next = 0;
  const every = Math.max(25, Math.round(jobs.length / 40));
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const record = await runOne(job.arm, job.scenario, endpoints.get(job.arm.id)!, options);
      runs.push(record);
      if (log !== undefined && (runs.length % every === 0 || runs.length === jobs.length)) log(`  ${runs.length}/${jobs.length} runs done`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return { runs, endpoints };
}

/** A guess at a run's length in seconds, to start the longest first: ReAct makes a turn per task. */
function expectedCost(arm: Arm, workload: Workload, scenario: Scenario): number {
  const { timeToFirstTokenMs, outputTokensPerSecond } = workload.model;
  const turn = timeToFirstTokenMs / 1000 + (20 + arm.combo.thoughtBudget) / outputTokensPerSecond;
  const depth = Math.max(1, ...scenario.tasks.map((task) => task.deps.length + 1));
  const turns = arm.approach.name === 'react' ? scenario.tasks.length + 1 : arm.approach.name.startsWith('llmcompiler') ? 2 : depth + 1;
  const tools = arm.approach.name === 'react' ? scenario.tasks.length * 0.6 : depth * 0.6;
  return turns * turn + tools;
}

async function runOne(arm: Arm, scenario: Scenario, endpoint: Endpoint, options: HarnessOptions): Promise<RunRecord> {
  const { approach } = arm;
  const toolCalls: ToolCallRecord[] = [];
  const world = options.world((call) => toolCalls.push(call));
  const signal = AbortSignal.timeout(options.runTimeoutMs);
  // Every tool call of a wide run may listen to it at once.
  setMaxListeners(0, signal);
  const startedAt = Date.now();
  const startedPerf = performance.now();
  const base = { arm, approach: approach.name, scenario, startedAt, startedPerf, toolCalls };
  try {
    const { answer, firstAnswerAt, answerSource } = await approach.run(scenario.question, {
      world,
      baseURL: endpoint.baseURL,
      apiKey: endpoint.apiKey,
      model: endpoint.model,
      maxSteps: options.maxSteps,
      signal,
    });
    const latencyMs = performance.now() - startedPerf;
    const right = options.isRight(answer, scenario);
    const failure = right ? undefined : `answered ${JSON.stringify(answer.slice(0, 200))}, expected ${JSON.stringify(scenario.answer)}`;
    return { ...base, latencyMs, answer, firstAnswerMs: firstAnswerAt - startedPerf, answerSource, failure };
  } catch (error) {
    const latencyMs = performance.now() - startedPerf;
    return { ...base, latencyMs, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** An endpoint on a simulated server of its own, answered by the oracle. */
export async function simulatedEndpoint(oracle: Oracle): Promise<Endpoint> {
  const server: FakeOpenAIServer = await startFakeOpenAI({ responder: oracle.responder, tokensPerChunk: 1 });
  return {
    baseURL: server.url,
    apiKey: 'simulated',
    model: 'simulated-model',
    requests: () => server.requests,
    close: () => server.close(),
  };
}

/** A run's requests (each arm asks each question once), named by their kind, as spans of its time line. */
export function llmSpans(run: RunRecord, requests: readonly RecordedRequest[]): Span[] {
  let turn = 0;
  return requests.map((request) => {
    const kind = requestKind(request.body);
    const label = kind === 'tool-calling' ? `LLM turn ${++turn}` : kind;
    const end = request.finishedAt ?? request.abortedAt ?? request.receivedAt;
    return { kind: 'llm' as const, label, startMs: request.receivedAt - run.startedAt, endMs: end - run.startedAt };
  });
}

