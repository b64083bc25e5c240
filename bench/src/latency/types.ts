/** The types every part of the latency benchmark shares: the simulated world, the approaches, the report. */
import type { ProfileName } from './profiles.js';

/** The tools of the simulated world. */
export type ToolName = 'search' | 'math';

/** The workloads: the paper's three datasets and three synthetic shapes. */
export type WorkloadName = 'parallelqa' | 'hotpotqa' | 'movie' | 'wide' | 'deep' | 'random';

/** One tool call of a question's DAG. */
export interface ScenarioTask {
  /** 1-based, in plan order (a topological order: every dependency has a smaller id). */
  readonly id: number;
  readonly tool: ToolName;
  /** The search query, or the math problem: what identifies the call in every approach. */
  readonly key: string;
  /** Ids of the tasks whose results this one needs. */
  readonly deps: readonly number[];
  /** How long the tool takes, drawn from a fixed-seed distribution. */
  readonly latencyMs: number;
  /** What the tool returns. */
  readonly output: string;
  /** The short value in the output that a model copies into a later call (ReAct and function calling). */
  readonly fact: string;
}

/** A question with the DAG of tool calls that answers it. */
export interface Scenario {
  readonly workload: WorkloadName;
  readonly id: string;
  readonly question: string;
  /** The dataset's answer: what every approach's final answer is in the simulated world. */
  readonly answer: string;
  /** In plan order. */
  readonly tasks: readonly ScenarioTask[];
  /**
   * The answer as a template over task results (`$N` references, `$$` for a literal dollar), when the
   * question's structure makes the answer a task's value (`$5`) or a sentence around values (`The end of the
   * chain is $25.`): resolved with the tasks' outputs, it gives {@link answer}. Absent when answering needs
   * judgement over the results (a comparison of passages, a choice among options, a summary).
   */
  readonly statedAnswer?: string | undefined;
}

/** A tool as OpenAI function calling shows it: name, description and the JSON Schema of its input. */
export interface ToolSpec {
  readonly name: ToolName;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

/** What a tool is called with. */
export interface SearchInput {
  readonly query: string;
}
export interface MathInput {
  readonly problem: string;
  /** Values the problem needs: earlier results (LLMCompiler passes whole results, other approaches the facts). */
  readonly context?: readonly string[] | undefined;
}

/** One span of a run's time line, for the Gantt chart. */
export interface Span {
  readonly kind: 'llm' | 'tool';
  /** e.g. `search("Ed Wood")` or `planner`, `turn 2`. */
  readonly label: string;
  /** Milliseconds since the run started. */
  readonly startMs: number;
  readonly endMs: number;
}

/** The tools of the simulated world, shared by every approach. */
export interface World {
  /** The tools with their JSON Schemas, for approaches that build their own tool objects. */
  readonly tools: readonly ToolSpec[];
  /**
   * Runs a tool as the world does: validates the input (throws a `TypeError` naming what was expected and
   * what came), finds the call by its key, waits its latency (rejecting with the signal's reason when it
   * aborts) and returns its output. An unknown key throws an `Error` saying so.
   */
  runTool(tool: ToolName, input: unknown, signal?: AbortSignal): Promise<string>;
}

/** The names of the approaches compared. */
export type ApproachName =
  | 'llmcompiler'
  | 'llmcompiler-no-streaming'
  | 'react'
  | 'parallel-function-calling'
  | 'parallel-function-calling-streaming'
  | 'ai-sdk'
  | 'langchain';

/** What an approach needs to answer one question. */
export interface RunContext {
  readonly world: World;
  /** The OpenAI-compatible endpoint, e.g. `http://127.0.0.1:4321/v1`. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly model: string;
  /** Most LLM calls (turns, steps) an approach may make before it gives up. */
  readonly maxSteps: number;
  readonly signal?: AbortSignal | undefined;
}

/** Where LLMCompiler's answer came from: the answer its plan stated (the joiner skipped), or the joiner. */
export type AnswerSource = 'plan' | 'joiner';

/** An approach's answer to one question, and when its first token arrived. */
export interface ApproachAnswer {
  readonly answer: string;
  /**
   * `performance.now()` when the final answer's first token arrived: for LLMCompiler, the run's start plus
   * `RunResult.firstAnswerAt`; for a loop that streams, the first text of the turn that answers; for one that
   * does not (the AI SDK's `generateText`, LangChain's `invoke`), when the model's last reply arrived whole.
   */
  readonly firstAnswerAt: number;
  /** LLMCompiler only: whether the plan's stated answer finished the run or the joiner answered. */
  readonly answerSource?: AnswerSource | undefined;
}

/** How an approach answers questions. */
export interface Approach {
  readonly name: ApproachName;
  /** A line for the report: what runs, and how. */
  readonly description: string;
  /** Answers the question; rejects when the approach fails (the harness records the failure). */
  run(question: string, context: RunContext): Promise<ApproachAnswer>;
}

/** How fast a simulated model is (the testing server's latency model). */
export interface ModelProfile {
  /** e.g. `gpt-3.5-turbo-like`. */
  readonly name: string;
  readonly timeToFirstTokenMs: number;
  readonly outputTokensPerSecond: number;
  readonly promptTokensPerSecond: number;
}

/** One approach on one workload. */
export interface ApproachSummary {
  readonly approach: ApproachName;
  readonly runs: number;
  /** Runs that threw or answered wrongly; their latency is not in the figures. */
  readonly failures: number;
  readonly firstFailure?: string | undefined;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Means per question. */
  readonly llmCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Mean latency of ReAct divided by this one's. */
  readonly speedupOverReact?: number | undefined;
  /** Mean latency of parallel function calling divided by this one's. */
  readonly speedupOverPfc?: number | undefined;
  /** Mean latency of streaming parallel function calling divided by this one's. */
  readonly speedupOverPfcStreaming?: number | undefined;
  /** This one's mean latency divided by LLMCompiler's mean zero-overhead bound. */
  readonly ratioToIdeal?: number | undefined;
  /** Mean of this approach's own zero-overhead bound (simulated mode only). */
  readonly boundMs?: number | undefined;
  /** This one's mean latency divided by its own mean bound. */
  readonly ratioToBound?: number | undefined;
  /** Means per question: prompt tokens read from the cache, tokens of thought written, tool-call framing tokens. */
  readonly cachedTokens?: number | undefined;
  readonly thoughtTokens?: number | undefined;
  readonly framingTokens?: number | undefined;
  /** Share of answers equal to the dataset's (live mode only). */
  readonly accuracy?: number | undefined;
  /** Mean and median milliseconds from a run's start to its final answer's first token. */
  readonly firstAnswerMs?: number | undefined;
  readonly firstAnswerP50Ms?: number | undefined;
  /**
   * LLMCompiler only, over the runs measured: how many finished with the answer their plan stated (the joiner
   * skipped), and how many with the joiner's.
   */
  readonly planAnswers?: number | undefined;
  readonly joinerAnswers?: number | undefined;
}

/** One approach's time line on one question. */
export interface GanttRun {
  readonly approach: ApproachName | 'ideal';
  readonly totalMs: number;
  readonly spans: readonly Span[];
}

/** The results of one workload. */
export interface WorkloadReport {
  readonly workload: WorkloadName;
  /** e.g. `ParallelQA`. */
  readonly title: string;
  /** How the DAG is built. */
  readonly shape: string;
  readonly model: ModelProfile;
  readonly questions: number;
  /** Mean of LLMCompiler's zero-overhead bound over the questions (simulated mode only). */
  readonly idealMeanMs?: number | undefined;
  /** Mean of the questions' tool critical paths: a floor no approach that calls a model reaches. */
  readonly criticalPathMs?: number | undefined;
  readonly approaches: readonly ApproachSummary[];
  /** One question, every approach (simulated mode only). */
  readonly gantt?: { readonly question: string; readonly runs: readonly GanttRun[] } | undefined;
}

/** The scale section. */
export interface ScaleReport {
  /**
   * 10,000 independent zero-latency tasks through a whole run: the median wall time, and the process's CPU
   * time (`process.cpuUsage()`, user + system) per task, the median and the best (least disturbed) run's.
   */
  readonly wide: {
    readonly tasks: number;
    readonly totalMs: number;
    readonly usPerTask: number;
    readonly cpuUsPerTask?: number | undefined;
    readonly bestCpuUsPerTask?: number | undefined;
  };
  /**
   * A chain of zero-latency tasks, each referencing the one before: the wall time per hop (first task's
   * start to the last one's), median and best, and the run's CPU time per task, median and best.
   */
  readonly chain: {
    readonly depth: number;
    readonly totalMs: number;
    readonly usPerHop: number;
    readonly bestUsPerHop?: number | undefined;
    readonly cpuUsPerTask?: number | undefined;
    readonly bestCpuUsPerTask?: number | undefined;
  };
  /** The machine's 1-minute load average when the wide and chain runs ended (`os.loadavg()`; 0 on Windows). */
  readonly loadAverage?: number | undefined;
  /** Many runs at once against the simulated server: the first size, then the larger ones. */
  readonly concurrentRuns?: readonly ScaleReport['concurrent'][] | undefined;
  readonly concurrent: {
    readonly runs: number;
    readonly failures: number;
    readonly wallMs: number;
    readonly runsPerSecond: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
    /** Latency of one run alone, for comparison. */
    readonly aloneMs: number;
    readonly peakRssMb: number;
    readonly peakHeapMb: number;
    readonly baselineHeapMb: number;
    /** (peak heap - baseline heap) / runs, in KB. */
    readonly heapPerRunKb?: number | undefined;
    readonly model: ModelProfile;
  };
}

/** One setting of the world: a latency profile, prompt caching on or off, a thought budget. */
export interface Combo {
  readonly profile: ProfileName;
  readonly caching: boolean;
  /** Tokens of thought per tool call for ReAct and function calling. */
  readonly thoughtBudget: number;
}

/** The results of one combo. */
export interface ComboReport {
  readonly combo: Combo;
  /** e.g. `2025-26: GPT-4.1 mini-like, caching, 20 thought tokens per call`. */
  readonly title: string;
  readonly workloads: readonly WorkloadReport[];
}

/** A target of the issue, checked against the measured figures. */
export interface TargetCheck {
  readonly target: string;
  /** The combo it was checked under, e.g. `gpt-4.1-mini, caching, budget 20`; absent for all. */
  readonly combo?: string | undefined;
  readonly workload: WorkloadName | 'all';
  readonly measured: string;
  readonly met: boolean;
}

/** Everything one `npm run bench:latency` measured. */
export interface BenchReport {
  readonly date: string;
  readonly mode: 'quick' | 'full' | 'live';
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGb: number; readonly os: string; readonly node: string };
  /** Parameters of the simulated world, as text lines. */
  readonly world: readonly string[];
  readonly approaches: readonly { readonly name: ApproachName; readonly description: string }[];
  /** The primary combo's workloads (charts and the README's summary table). */
  readonly workloads: readonly WorkloadReport[];
  /** Every combo measured, the primary one first. */
  readonly combos?: readonly ComboReport[] | undefined;
  /** The questions each combo ran per workload. */
  readonly questionsPerCombo?: string | undefined;
  readonly scale?: ScaleReport | undefined;
  readonly targets: readonly TargetCheck[];
  /** Wall time of the whole benchmark. */
  readonly durationMs: number;
}
