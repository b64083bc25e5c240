/**
 * The latency benchmark: LLMCompiler against ReAct, parallel function calling and two peer libraries, on
 * the paper's datasets and synthetic DAGs, in one simulated world (or on a real endpoint with `--live`).
 *
 *   npm run bench:latency                  full run, results in bench/results/full
 *   npm run bench:latency -- --quick       under two minutes, results in bench/results/quick
 *   npm run bench:latency -- --live        the dataset workloads on OPENAI_BASE_URL / OPENAI_API_KEY
 */
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { aiSdk } from './approaches/ai-sdk.js';
import { langchainAgent } from './approaches/langchain-agent.js';
import { llmcompiler, llmcompilerNoStreaming } from './approaches/llmcompiler.js';
import { parallelFunctionCalling } from './approaches/parallel-function-calling.js';
import { react } from './approaches/react.js';
import { runAll, simulatedEndpoint, type Endpoint } from './harness.js';
import { createLiveWorld } from './live-world.js';
import { createOracle } from './oracle.js';
import { renderSummaryTable } from './report/index.js';
import { writeReport } from './render.js';
import { runScale } from './scale.js';
import { checkTargets, summarize } from './summarize.js';
import type { Approach, BenchReport, Scenario, WorkloadName } from './types.js';
import { FULL_SIZES, QUICK_SIZES, buildWorkloads } from './workloads.js';
import { MODELS, TOOL_LATENCY, createWorld } from './world.js';

const APPROACHES: readonly Approach[] = [llmcompiler, llmcompilerNoStreaming, react, parallelFunctionCalling, aiSdk, langchainAgent];
const DATASET_WORKLOADS: readonly WorkloadName[] = ['parallelqa', 'hotpotqa', 'movie'];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    questions: { type: 'string' },
    only: { type: 'string' },
    approaches: { type: 'string' },
    'no-scale': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Expected --${name} to be an integer from 1 and up, got ${JSON.stringify(text)}`);
  return value;
}

function pick<T extends string>(name: string, text: string | undefined, all: readonly T[]): T[] {
  if (text === undefined) return [...all];
  const chosen = text.split(',').map((item) => item.trim());
  const unknown = chosen.find((item) => !all.includes(item as T));
  if (unknown !== undefined) throw new RangeError(`Expected --${name} to list some of ${all.join(', ')}, got ${JSON.stringify(unknown)}`);
  return chosen as T[];
}

/** Lower-case words, for the live mode's check that an answer contains the dataset's. */
const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9.]+/g, ' ').trim();

async function main(): Promise<void> {
  const started = performance.now();
  const mode: BenchReport['mode'] = flags.live ? 'live' : flags.quick ? 'quick' : 'full';
  const baseSizes = flags.quick ? QUICK_SIZES : FULL_SIZES;
  const questions = flags.questions === undefined ? undefined : positiveInteger('questions', flags.questions, 1);
  const sizes = questions === undefined ? baseSizes : { ...baseSizes, parallelqa: questions, hotpotqa: questions, movie: questions };
  const chosenWorkloads = pick('only', flags.only, flags.live ? DATASET_WORKLOADS : (['parallelqa', 'hotpotqa', 'movie', 'wide', 'deep', 'random'] as const));
  const liveModel = process.env['OPENAI_MODEL'] ?? 'gpt-4o-mini';
  const workloads = buildWorkloads(sizes)
    .filter((workload) => chosenWorkloads.includes(workload.name))
    // A live run's model is the endpoint's, whose speed is measured rather than set.
    .map((workload) =>
      flags.live
        ? { ...workload, model: { name: `${liveModel} (live)`, timeToFirstTokenMs: Number.NaN, outputTokensPerSecond: Number.NaN, promptTokensPerSecond: Number.NaN } }
        : workload,
    );
  const approachNames = pick('approaches', flags.approaches, APPROACHES.map((approach) => approach.name));
  const approaches = APPROACHES.filter((approach) => approachNames.includes(approach.name));
  const scenarios = workloads.flatMap((workload) => workload.scenarios);
  const outDir = flags.out ?? fileURLToPath(new URL(`../../results/${mode}/`, import.meta.url));

  const live = mode === 'live';
  let oracle: ReturnType<typeof createOracle> | undefined;
  let endpoint: (approach: Approach) => Promise<Endpoint>;
  let world: Parameters<typeof runAll>[0]['world'];
  if (live) {
    const apiKey = process.env['OPENAI_API_KEY'] ?? '';
    const baseURL = process.env['OPENAI_BASE_URL'];
    if (apiKey === '' && baseURL === undefined) throw new Error('Expected OPENAI_API_KEY or OPENAI_BASE_URL for --live, got neither');
    const model = liveModel;
    const real: Endpoint = {
      baseURL: baseURL ?? 'https://api.openai.com/v1',
      apiKey: apiKey === '' ? 'none' : apiKey,
      model,
      requests: () => [],
      close: async () => {},
    };
    endpoint = async () => real;
    world = (onCall) => createLiveWorld({ baseURL, apiKey: real.apiKey, model }, onCall);
    log(`Live run on ${real.baseURL} with ${model}`);
  } else {
    const modelOf = new Map<Scenario, (typeof workloads)[number]['model']>();
    for (const workload of workloads) for (const scenario of workload.scenarios) modelOf.set(scenario, workload.model);
    const theOracle = createOracle(scenarios, (scenario) => modelOf.get(scenario)!);
    oracle = theOracle;
    endpoint = () => simulatedEndpoint(theOracle);
    world = (onCall) => createWorld(scenarios, onCall);
  }

  // First, while the heap holds nothing of the comparison: the scale section measures memory.
  let scale: BenchReport['scale'];
  if (!flags['no-scale'] && !live) {
    log('Scale: 10,000 tasks, a 1,000-deep chain, concurrent runs');
    scale = await runScale({ quick: flags.quick, log });
  }

  const concurrency = positiveInteger('concurrency', flags.concurrency, live ? 4 : 12);
  log(`${mode} run: ${workloads.map((workload) => `${workload.name} ${workload.scenarios.length}`).join(', ')}; ${approaches.length} approaches; ${concurrency} runs at a time`);
  const maxSteps = Math.max(30, ...scenarios.map((scenario) => scenario.tasks.length * 2 + 5));
  const result = await runAll({
    workloads,
    approaches,
    concurrency,
    maxSteps,
    runTimeoutMs: live ? 300_000 : 600_000,
    endpoint,
    world,
    isRight: live
      ? (answer, scenario) => normalize(answer).includes(normalize(scenario.answer))
      : (answer, scenario) => answer.trim() === scenario.answer.trim(),
    log,
  });
  const reports = summarize({ workloads, result, oracle, live });
  for (const endpointOfApproach of result.endpoints.values()) await endpointOfApproach.close();

  const cpus = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    mode,
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
    },
    world: live
      ? ['A real model and real tools: `search` asks Wikipedia, `math` asks the model.', 'An answer is right when it contains the dataset answer (case and punctuation ignored).']
      : worldLines(),
    approaches: approaches.map(({ name, description }) => ({ name, description })),
    workloads: reports,
    scale,
    targets: live ? [] : checkTargets(reports),
    durationMs: performance.now() - started,
  };

  await writeReport(outDir, report);
  log('');
  log(renderSummaryTable(report));
  for (const check of report.targets) log(`${check.met ? 'met   ' : 'missed'} ${check.workload}: ${check.target} (${check.measured})`);
  const failures = reports.flatMap((workload) => workload.approaches.filter((summary) => summary.failures > 0 && !live).map((summary) => `${workload.workload}/${summary.approach}: ${summary.failures} failed (${summary.firstFailure})`));
  for (const failure of failures) log(`FAILED ${failure}`);
  log(`\nWrote ${outDir}latency.md, latency.json and charts/ in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (failures.length > 0) process.exitCode = 1;
}

function worldLines(): string[] {
  const model = (profile: (typeof MODELS)[keyof typeof MODELS]) =>
    `${profile.name}: first token after ${profile.timeToFirstTokenMs} ms plus the prompt at ${profile.promptTokensPerSecond.toLocaleString('en-US')} tokens/s, then ${profile.outputTokensPerSecond} tokens/s`;
  const tool = (name: 'search' | 'math') => {
    const { medianMs, sigma, minMs, maxMs } = TOOL_LATENCY[name];
    return `\`${name}\` latency: log-normal, median ${medianMs} ms, sigma ${sigma}, clamped to ${minMs}-${maxMs} ms, drawn once per call key with a fixed seed`;
  };
  return [
    `Models (the testing server's latency model): ${model(MODELS.gpt35)} (HotpotQA, Movie, synthetic); ${model(MODELS.gpt4)} (ParallelQA). Tokens are counted with the o200k tokenizer and streamed one per chunk.`,
    tool('search'),
    tool('math'),
    'A search returns about 120 tokens (its fact and filler); a math step returns a number.',
    'The oracle model knows each question\'s DAG and answers every approach alike: the same tool calls with the same arguments, the same final answer (the dataset\'s).',
    'LLMCompiler\'s planner writes the plan in the paper\'s format; its joiner writes `Action: Finish(<answer>)`.',
    'ReAct (`parallel_tool_calls: false`) writes a thought of about 30 tokens and one tool call per turn; function calling turns (parallel function calling, the AI SDK, LangChain) write every call whose inputs are known, with no text.',
    'Every approach talks to its own instance of the same simulated server over HTTP on 127.0.0.1; runs of all approaches interleave.',
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
