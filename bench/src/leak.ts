/**
 * Leaks and load, through the public API only (`createCompiler`, `tool`, and the scripted model and fake
 * tools of `@llmcompiler/core/test`), on real timers:
 *
 * - **sequential**: runs one after the other, after a warm-up of the same mix. Each run plans two searches
 *   and a step that references both, and the joiner answers; every tenth run has a failing tool, every
 *   tenth is aborted with `run.abort()` while a tool runs, every tenth passes its run `timeoutMs`. Every run
 *   gets the same caller signal. Then: the heap's growth after a forced garbage collection, the active
 *   resources left (`process.getActiveResourcesInfo()`), and the `abort` listeners left on the caller's
 *   signal. Targets: under 5 MB, 0, 0.
 * - **concurrent**: runs of the same mix all started at once, with small latencies: that they all settle,
 *   the wall time, runs per second and the heap's peak.
 *
 * Targets are reported as met or missed and do not change the exit code: only a run that never settles,
 * or an error thrown, makes the script exit non-zero.
 *
 *   npm run leak -w @llmcompiler/bench -- [--quick] [--sequential N] [--warmup N] [--concurrent N]
 */
import { getEventListeners } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createCompiler, RunTimeoutError, tool, type Compiler, type LanguageModel, type Run, type ToolOptions } from '@llmcompiler/core';
import { fakeTool, scriptedModel, type FakeToolOptions } from '@llmcompiler/core/test';
import { z } from 'zod';
import { parseLeakArgs } from './leak-args.js';
import { diffResources, renderLeakReport, type ConcurrentReport, type PartReport, type RunStatus, type SequentialReport } from './leak-report.js';

/** What a run does: answer, or have a failing tool, or be aborted mid-run, or pass its run timeout. */
type Kind = 'ok' | 'tool-error' | 'abort' | 'timeout';

/** Latencies of the model and the tools, in milliseconds; 0 sets no timer. */
interface Latencies {
  /** Until the model's first token (planner and joiner). */
  readonly model: number;
  readonly search: number;
  readonly compare: number;
}

/** The sequential runs: nothing waits but the aborted and timed-out runs' slow tool. */
const SEQUENTIAL_LATENCIES: Latencies = { model: 0, search: 0, compare: 0 };
/** The concurrent runs: a few milliseconds each, so that thousands of timers are pending at once. */
const CONCURRENT_LATENCIES: Latencies = { model: 5, search: 5, compare: 1 };
/** The run `timeoutMs` of the runs that time out, well under the slow tool's latency. */
const RUN_TIMEOUT_MS = 5;
/** How long the slow tool takes: the runs that use it are aborted or time out long before. */
const SLOW_MS = 600_000;
/** How often the heap is sampled during the concurrent runs. */
const SAMPLE_EVERY_MS = 10;
/** With no run settling for this long, a run is stuck: the script says which and exits with 1. */
const STALL_MS = 30_000;
/** How many unexpected endings each part describes. */
const UNEXPECTED_SHOWN = 5;

const QUESTION = 'How much deeper is the Mariana Trench than the Puerto Rico Trench?';
const ANSWER = 'The Mariana Trench is about 2,600 m deeper.';
const PLANS: Readonly<Record<Kind, string>> = {
  ok: plan('search("Puerto Rico Trench")', 'compare'),
  'tool-error': plan('broken("Puerto Rico Trench")', 'compare'),
  abort: plan('search("Puerto Rico Trench")', 'slow'),
  timeout: plan('search("Puerto Rico Trench")', 'slow'),
};

function plan(second: string, third: 'compare' | 'slow'): string {
  return ['1. search("Mariana Trench")', `2. ${second}`, `3. ${third}(first=$1, second=$2)`, '4. join()<END_OF_PLAN>'].join('\n');
}

/** The kind of the run of this index: the fourth of every ten has a failing tool, the seventh is aborted, the tenth times out. */
function kindOf(index: number): Kind {
  switch (index % 10) {
    case 3:
      return 'tool-error';
    case 6:
      return 'abort';
    case 9:
      return 'timeout';
    default:
      return 'ok';
  }
}

const options = parseLeakArgs(process.argv.slice(2));
const gc = globalThis.gc;
if (gc === undefined) throw new Error('Expected a global gc() to measure the heap, got none: run node with --expose-gc (as `npm run leak` does)');

// ---------------------------------------------------------------------------------------------------------
// The compilers: one per kind, kept for every run of a part, as an application keeps its compiler

/**
 * A model that answers every call with `text`. Each call goes to a fresh scripted model: a scripted model
 * keeps every request it was given, and one kept across thousands of runs would grow by their prompts.
 */
function answering(text: string, firstTokenMs: number): LanguageModel {
  return {
    modelId: 'scripted',
    stream: (request) => scriptedModel({ responses: [text], timeToFirstTokenMs: firstTokenMs }).stream(request),
  };
}

/**
 * A tool whose every call runs on a fresh fake tool, for the same reason: a fake tool records each call.
 * The schema and the options of `tool()` are on the tool the compiler holds.
 */
function fakeBacked<Input extends Record<string, unknown>>(
  definition: Pick<ToolOptions<Input>, 'name' | 'description' | 'input' | 'timeoutMs' | 'retry'>,
  fake: Pick<FakeToolOptions<NoInfer<Input>, string>, 'latencyMs' | 'result' | 'fail'>,
) {
  return tool<Input, string>({
    ...definition,
    sideEffects: 'none',
    execute: (input, context) => fakeTool<Input, string>({ name: definition.name, sideEffects: 'none', ...fake }).execute(input, context),
  });
}

function createCompilers(latencies: Latencies): Record<Kind, Compiler> {
  const search = fakeBacked(
    {
      name: 'search',
      description: 'Searches an encyclopedia and returns the top passage about the query.',
      input: z.object({ query: z.string() }),
      // A tool timeout that never fires: each call sets its timer and must clear it.
      timeoutMs: 60_000,
    },
    { latencyMs: latencies.search, result: ({ query }) => `(the top passage about ${query})` },
  );
  const broken = fakeBacked(
    {
      name: 'broken',
      description: 'Searches a mirror of the encyclopedia that is down.',
      input: z.object({ query: z.string() }),
      retry: { attempts: 2, initialDelayMs: 0, jitter: false },
    },
    { latencyMs: latencies.search, fail: () => new Error('503 Service Unavailable') },
  );
  const compareInput = z.object({ first: z.unknown(), second: z.unknown() });
  const compare = fakeBacked(
    { name: 'compare', description: 'Compares two passages.', input: compareInput },
    { latencyMs: latencies.compare, result: 'the first is deeper' },
  );
  const slow = fakeBacked({ name: 'slow', description: 'Compares two passages, slowly.', input: compareInput }, { latencyMs: SLOW_MS, result: 'too late' });
  const joiner = { model: answering(`Thought: The passages give both depths.\nAction: Finish(${ANSWER})`, latencies.model) };
  const compilerFor = (kind: Kind): Compiler =>
    createCompiler({
      model: answering(PLANS[kind], latencies.model),
      joiner,
      tools: [search, broken, compare, slow],
      ...(kind === 'timeout' ? { timeoutMs: RUN_TIMEOUT_MS } : {}),
    });
  return { ok: compilerFor('ok'), 'tool-error': compilerFor('tool-error'), abort: compilerFor('abort'), timeout: compilerFor('timeout') };
}

// ---------------------------------------------------------------------------------------------------------
// One run

/** Why the runs of kind `abort` are aborted. */
const ABORTED = new Error('aborted by the leak benchmark');

interface Outcome {
  readonly status: RunStatus;
  /** Set when the run ended otherwise than its kind should. */
  readonly unexpected?: string;
}

/** Starts run `index` and resolves when it has settled; never rejects. */
async function settle(compilers: Record<Kind, Compiler>, index: number, signal: AbortSignal): Promise<Outcome> {
  const kind = kindOf(index);
  const run: Run = compilers[kind].run(QUESTION, { signal });
  if (kind === 'abort') {
    // Once the slow tool has started (its timer set), from outside the run's own callbacks.
    const off = run.on('task-start', ({ record }) => {
      if (record.task.tool !== 'slow') return;
      off();
      setImmediate(() => run.abort(ABORTED));
    });
  }
  let error: unknown;
  let erroredTasks = 0;
  let answer: string | undefined;
  try {
    const result = await run.result();
    answer = result.answer;
    erroredTasks = result.tasks.filter((record) => record.outcome === 'error').length;
  } catch (caught) {
    error = caught;
  }
  const end = run.events.at(-1);
  const status: RunStatus = end?.type === 'run-end' ? end.status : 'failed';
  const slow = run.events.find((event) => event.type === 'task-end' && event.record.task.tool === 'slow');
  const slowOutcome = slow?.type === 'task-end' ? slow.record.outcome : undefined;
  const expected =
    kind === 'ok' ? status === 'finished' && answer === ANSWER
    : kind === 'tool-error' ? status === 'finished' && erroredTasks === 1
    : kind === 'abort' ? status === 'aborted' && error === ABORTED && slowOutcome === 'aborted'
    : status === 'aborted' && RunTimeoutError.isInstance(error);
  if (expected) return { status };
  const details = [
    `ended ${status}${error === undefined ? '' : ` with ${describe(error)}`}`,
    ...(kind === 'tool-error' ? [`${erroredTasks} tasks with outcome \`error\``] : []),
    ...(kind === 'abort' ? [`the slow task ended ${slowOutcome ?? 'never'}`] : []),
  ];
  return { status, unexpected: `run ${index} (${kind}) ${details.join(', ')}` };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// ---------------------------------------------------------------------------------------------------------
// What the process holds

/** Three full garbage collections, a turn of the event loop after each (for weak callbacks and finalizers); returns `heapUsed`. */
async function collectGarbage(): Promise<number> {
  for (let pass = 0; pass < 3; pass++) {
    gc!();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

const warnings: string[] = [];
const root = fileURLToPath(new URL('../../', import.meta.url));
process.on('warning', (warning) => {
  // Where the warning came from: the first frame outside Node's own code, e.g. a listener added in core.
  const frame = warning.stack?.split('\n').find((line) => line.trimStart().startsWith('at ') && !line.includes('(node:'));
  warnings.push(`${warning.name}: ${warning.message}${frame === undefined ? '' : ` (${frame.trim().replaceAll(root, '')})`}`);
});

/** Progress the watchdog looks at: runs settled so far, and which runs are under way. */
const progress = { settled: 0, part: 'starting', pending: new Map<number, Kind>() };

/** Exits with 1, naming the runs under way, when no run has settled for {@link STALL_MS}. */
function startWatchdog(): () => void {
  let seen = -1;
  let since = performance.now();
  const timer = setInterval(() => {
    if (progress.settled !== seen) {
      seen = progress.settled;
      since = performance.now();
      return;
    }
    if (progress.pending.size === 0 || performance.now() - since < STALL_MS) return;
    const stuck = [...progress.pending].slice(0, 10).map(([index, kind]) => `${index} (${kind})`);
    process.stderr.write(
      `FAIL: ${progress.pending.size} ${progress.part} runs have not settled in ${STALL_MS / 1000} s, e.g. run ${stuck.join(', ')}\n`,
    );
    process.exit(1);
  }, 1_000);
  return () => clearInterval(timer);
}

async function tracked(compilers: Record<Kind, Compiler>, index: number, signal: AbortSignal): Promise<Outcome> {
  progress.pending.set(index, kindOf(index));
  const outcome = await settle(compilers, index, signal);
  progress.pending.delete(index);
  progress.settled++;
  return outcome;
}

/** Counts outcomes as they come, keeping only the first few unexpected ones: the sequential part keeps no per-run data. */
function createTally(): { add(outcome: Outcome): void; readonly report: Pick<PartReport, 'settled' | 'statuses' | 'unexpected'> } {
  const statuses: Record<RunStatus, number> = { finished: 0, failed: 0, aborted: 0 };
  const unexpected: string[] = [];
  let settled = 0;
  let more = 0;
  return {
    add({ status, unexpected: line }) {
      settled++;
      statuses[status]++;
      if (line === undefined) return;
      if (unexpected.length < UNEXPECTED_SHOWN) unexpected.push(line);
      else more++;
    },
    get report() {
      return { settled, statuses: { ...statuses }, unexpected: more === 0 ? [...unexpected] : [...unexpected, `... and ${more} more`] };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The two parts

async function runSequential(signal: AbortSignal): Promise<SequentialReport> {
  const compilers = createCompilers(SEQUENTIAL_LATENCIES);
  progress.part = 'warm-up';
  for (let index = 0; index < options.warmup; index++) await tracked(compilers, index, signal);
  const heapBefore = await collectGarbage();
  const resourcesBefore = process.getActiveResourcesInfo();
  const listenersBefore = getEventListeners(signal, 'abort').length;
  const warningsBefore = warnings.length;
  progress.part = 'sequential';
  const tally = createTally();
  const start = performance.now();
  for (let index = options.warmup; index < options.warmup + options.sequential; index++) tally.add(await tracked(compilers, index, signal));
  const ms = performance.now() - start;
  const heapAfter = await collectGarbage();
  return {
    runs: options.sequential,
    ...tally.report,
    ms,
    resourcesLeft: diffResources(resourcesBefore, process.getActiveResourcesInfo()),
    listenersBefore,
    listenersAfter: getEventListeners(signal, 'abort').length,
    warnings: warnings.slice(warningsBefore),
    warmup: options.warmup,
    heapBefore,
    heapAfter,
  };
}

async function runConcurrent(signal: AbortSignal): Promise<ConcurrentReport> {
  const compilers = createCompilers(CONCURRENT_LATENCIES);
  const heapBaseline = await collectGarbage();
  const resourcesBefore = process.getActiveResourcesInfo();
  const listenersBefore = getEventListeners(signal, 'abort').length;
  const warningsBefore = warnings.length;
  progress.part = 'concurrent';
  let heapPeak = heapBaseline;
  const sample = (): void => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const start = performance.now();
  const tally = createTally();
  try {
    await Promise.all(Array.from({ length: options.concurrent }, async (_, index) => tally.add(await tracked(compilers, index, signal))));
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - start;
  sample();
  // Let what the last runs scheduled on settling (an abort's immediate, a cleared timer) go first.
  await nextTurn();
  return {
    runs: options.concurrent,
    ...tally.report,
    ms,
    resourcesLeft: diffResources(resourcesBefore, process.getActiveResourcesInfo()),
    listenersBefore,
    listenersAfter: getEventListeners(signal, 'abort').length,
    warnings: warnings.slice(warningsBefore),
    heapBaseline,
    heapPeak,
  };
}

// ---------------------------------------------------------------------------------------------------------

const started = performance.now();
process.stdout.write(`${options.warmup} warm-up and ${options.sequential} sequential runs, then ${options.concurrent} concurrent runs...\n`);
// The caller's signal every run gets, never aborted: each run must remove the listener it adds.
const caller = new AbortController();
const stopWatchdog = startWatchdog();
const sequential = await runSequential(caller.signal);
const concurrent = await runConcurrent(caller.signal);
stopWatchdog();
const { markdown } = renderLeakReport({ node: process.version, sequential, concurrent });
// Exit once the report is out: a leaked handle (a slow tool's timer an abort did not clear) would otherwise
// keep the process alive for minutes after the report.
process.stdout.write(`\n${markdown}\n\n(${((performance.now() - started) / 1000).toFixed(1)} s in all)\n`, () => process.exit(0));
