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
import { parallelFunctionCalling, parallelFunctionCallingStreaming } from './approaches/parallel-function-calling.js';
import { react } from './approaches/react.js';
import { runAll, simulatedEndpoint, type Arm, type Endpoint } from './harness.js';
import { createLiveWorld } from './live-world.js';
import { FRAMING, createOracle, type Oracle } from './oracle.js';
import { DEFAULT_THOUGHT_BUDGET, PROFILES, PROMPT_CACHING, THOUGHT_BUDGETS, type ProfileName } from './profiles.js';
import { renderFirstAnswerTable, renderHeadlineTable, renderJoinerSkips } from './report/index.js';
import { writeReport } from './render.js';
import { runScale } from './scale.js';
import { checkTargets, comboKey, summarize } from './summarize.js';
import { JOINER_THOUGHT_TOKENS } from './thoughts.js';
import type { Approach, ApproachName, BenchReport, Combo, Scenario, WorkloadName } from './types.js';
import { FULL_SIZES, QUICK_SIZES, buildWorkloads, type Workload } from './workloads.js';
import { TOOL_LATENCY, createWorld } from './world.js';

const APPROACHES: readonly Approach[] = [
  llmcompiler,
  llmcompilerNoStreaming,
  react,
  parallelFunctionCalling,
  parallelFunctionCallingStreaming,
  aiSdk,
  langchainAgent,
];
/** The approaches whose output depends on the thought budget and that the sweep runs at every budget. */
const SWEPT: readonly ApproachName[] = ['react', 'parallel-function-calling', 'parallel-function-calling-streaming'];
const DATASET_WORKLOADS: readonly WorkloadName[] = ['parallelqa', 'hotpotqa', 'movie'];
const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    questions: { type: 'string' },
    only: { type: 'string' },
    approaches: { type: 'string' },
    profiles: { type: 'string' },
    budgets: { type: 'string' },
    caching: { type: 'string' },
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

function pick<T extends string>(name: string, text: string | undefined, all: readonly T[], fallback: readonly T[] = all): T[] {
  if (text === undefined) return [...fallback];
  const chosen = text.split(',').map((item) => item.trim());
  const unknown = chosen.find((item) => !all.includes(item as T));
  if (unknown !== undefined) throw new RangeError(`Expected --${name} to list some of ${all.join(', ')}, got ${JSON.stringify(unknown)}`);
  return chosen as T[];
}

/**
 * The combos to run: every profile, with and without caching, at the default budget with every approach;
 * the other budgets with only the approaches whose output depends on it, under one caching setting (on,
 * when it is measured) to keep the full run within half an hour.
 */
function planCombos(profiles: readonly ProfileName[], cachings: readonly boolean[], budgets: readonly number[]): { combo: Combo; approaches: 'all' | 'swept' }[] {
  const combos: { combo: Combo; approaches: 'all' | 'swept' }[] = [];
  const main = budgets.includes(DEFAULT_THOUGHT_BUDGET) ? DEFAULT_THOUGHT_BUDGET : budgets[0]!;
  const sweptCaching = cachings.includes(true);
  for (const profile of profiles) {
    for (const caching of cachings) combos.push({ combo: { profile, caching, thoughtBudget: main }, approaches: 'all' });
    for (const thoughtBudget of budgets) {
      if (thoughtBudget !== main) combos.push({ combo: { profile, caching: sweptCaching, thoughtBudget }, approaches: 'swept' });
    }
  }
  // The primary combo first: a 2025-26 profile with caching, at the default budget.
  const primaryIndex = combos.findIndex(({ combo, approaches }) => approaches === 'all' && PROFILES[combo.profile].era === 'today' && combo.caching);
  if (primaryIndex > 0) combos.unshift(...combos.splice(primaryIndex, 1));
  return combos;
}

/** Lower-case words, for the live mode's check that an answer contains the dataset's. */
const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9.]+/g, ' ').trim();

async function main(): Promise<void> {
  const started = performance.now();
  const mode: BenchReport['mode'] = flags.live ? 'live' : flags.quick ? 'quick' : 'full';
  const live = mode === 'live';
  const baseSizes = flags.quick ? QUICK_SIZES : FULL_SIZES;
  const questions = flags.questions === undefined ? undefined : positiveInteger('questions', flags.questions, 1);
  const sizes = questions === undefined ? baseSizes : { ...baseSizes, parallelqa: questions, hotpotqa: questions, movie: questions };
  const chosenWorkloads = pick('only', flags.only, live ? DATASET_WORKLOADS : (['parallelqa', 'hotpotqa', 'movie', 'wide', 'deep', 'random'] as const));
  const liveModel = process.env['OPENAI_MODEL'] ?? 'gpt-4o-mini';
  const baseWorkloads = buildWorkloads(sizes).filter((workload) => chosenWorkloads.includes(workload.name));
  const approachNames = pick('approaches', flags.approaches, APPROACHES.map((approach) => approach.name));
  const approaches = APPROACHES.filter((approach) => approachNames.includes(approach.name));
  const scenarios = baseWorkloads.flatMap((workload) => workload.scenarios);
  const outDir = flags.out ?? fileURLToPath(new URL(`../../results/${mode}/`, import.meta.url));

  // Quick: one 2025-26 profile at the default budget, with caching. Full: every profile, caching on and off, every budget.
  const profiles = pick('profiles', flags.profiles, PROFILE_NAMES, flags.quick || live ? ['gpt-4.1-mini'] : PROFILE_NAMES);
  const budgets = pick('budgets', flags.budgets, THOUGHT_BUDGETS.map(String), flags.quick || live ? [String(DEFAULT_THOUGHT_BUDGET)] : THOUGHT_BUDGETS.map(String)).map(Number);
  const cachings = pick('caching', flags.caching, ['off', 'on'], live ? ['off'] : flags.quick ? ['on'] : ['off', 'on']).map((value) => value === 'on');
  const combos = planCombos(profiles, cachings, budgets);
  const arms: Arm[] = combos.flatMap(({ combo, approaches: which }) => {
    const workloads: Workload[] = baseWorkloads.map((workload) => ({
      ...workload,
      model: live
        ? { name: `${liveModel} (live)`, timeToFirstTokenMs: Number.NaN, outputTokensPerSecond: Number.NaN, promptTokensPerSecond: Number.NaN }
        : PROFILES[combo.profile].modelOf(workload.name),
    }));
    return approaches
      .filter((approach) => which === 'all' || SWEPT.includes(approach.name))
      .map((approach) => ({ id: `${comboKey(combo)}/${approach.name}`, combo, approach, workloads }));
  });

  const oracles = new Map<string, Oracle>();
  let endpoint: (arm: Arm) => Promise<Endpoint>;
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
    endpoint = (arm) => {
      const models = new Map<Scenario, Workload['model']>();
      for (const workload of arm.workloads) for (const scenario of workload.scenarios) models.set(scenario, workload.model);
      const oracle = createOracle(scenarios, { modelOf: (scenario) => models.get(scenario)!, caching: arm.combo.caching, thoughtBudget: arm.combo.thoughtBudget });
      oracles.set(arm.id, oracle);
      return simulatedEndpoint(oracle);
    };
    world = (onCall) => createWorld(scenarios, onCall);
  }

  // First, while the heap holds nothing of the comparison: the scale section measures memory.
  let scale: BenchReport['scale'];
  if (!flags['no-scale'] && !live) {
    log('Scale: 10,000 tasks, a 1,000-deep chain, concurrent runs');
    scale = await runScale({ quick: flags.quick, log });
  }

  const concurrency = positiveInteger('concurrency', flags.concurrency, live ? 4 : flags.quick ? 16 : 32);
  const questionsPerCombo = baseWorkloads.map((workload) => `${workload.title} ${workload.scenarios.length}`).join(', ');
  log(
    `${mode} run: ${combos.length} combos (${profiles.join(', ')}; caching ${cachings.map((on) => (on ? 'on' : 'off')).join('/')}; ` +
      `budgets ${budgets.join('/')}), ${arms.length} arms; per combo ${questionsPerCombo}; ${concurrency} runs at a time`,
  );
  const maxSteps = Math.max(30, ...scenarios.map((scenario) => scenario.tasks.length * 2 + 5));
  const result = await runAll({
    arms,
    concurrency,
    maxSteps,
    runTimeoutMs: live ? 300_000 : 900_000,
    endpoint,
    world,
    isRight: live
      ? (answer, scenario) => normalize(answer).includes(normalize(scenario.answer))
      : (answer, scenario) => answer.trim() === scenario.answer.trim(),
    log,
  });
  const summarized = summarize({ arms, result, oracles: live ? undefined : oracles, live, primary: combos[0]?.combo });
  // A live run's model is the endpoint's, not a profile's.
  const comboReports = live ? summarized.map((combo) => ({ ...combo, title: `live: ${liveModel}` })) : summarized;
  for (const endpointOfArm of result.endpoints.values()) await endpointOfArm.close();

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
      : worldLines(profiles),
    approaches: approaches.map(({ name, description }) => ({ name, description })),
    workloads: comboReports[0]?.workloads ?? [],
    combos: comboReports,
    questionsPerCombo,
    scale,
    targets: live ? [] : checkTargets(comboReports),
    durationMs: performance.now() - started,
  };

  await writeReport(outDir, report);
  log('');
  log(renderHeadlineTable(report));
  log('\nLLMCompiler runs answered by the plan (joiner skipped), over every combo:');
  log(renderJoinerSkips(report));
  log(`\nTime to the first answer token / whole run (s), ${report.combos?.[0]?.title ?? 'primary combo'}:`);
  log(renderFirstAnswerTable(report));
  for (const check of report.targets) if (!check.met) log(`missed ${check.combo ?? ''} ${check.workload}: ${check.target} (${check.measured})`);
  log(`${report.targets.filter((check) => check.met).length} of ${report.targets.length} targets met`);
  const failures = comboReports.flatMap(({ combo, workloads }) =>
    workloads.flatMap((workload) =>
      workload.approaches
        .filter((summary) => summary.failures > 0 && !live)
        .map((summary) => `${comboKey(combo)} ${workload.workload}/${summary.approach}: ${summary.failures} failed (${summary.firstFailure})`),
    ),
  );
  for (const failure of failures) log(`FAILED ${failure}`);
  log(`\nWrote ${outDir}latency.md, latency.json and charts/ in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // A wrong answer or a failed run fails the script; a missed timing target does not.
  if (failures.length > 0) process.exitCode = 1;
}

function worldLines(profiles: readonly ProfileName[]): string[] {
  const tool = (name: 'search' | 'math') => {
    const { medianMs, sigma, minMs, maxMs } = TOOL_LATENCY[name];
    return `\`${name}\` latency: log-normal, median ${medianMs} ms, sigma ${sigma}, clamped to ${minMs}-${maxMs} ms, drawn once per call key with a fixed seed`;
  };
  return [
    'Models (the testing server\'s latency model: the first token after a fixed delay plus the prompt at a fixed rate, then a fixed number of tokens per second; tokens counted with o200k and streamed one per chunk):',
    ...profiles.flatMap((profile) => PROFILES[profile].sources),
    `Prompt caching (the "caching" combos, every approach alike, each with a cache of its own): prompts of ${PROMPT_CACHING.minimumTokens.toLocaleString('en-US')} tokens and more, exact prefix, hits in steps of ${PROMPT_CACHING.blockTokens} tokens (OpenAI's prompt caching guide); a cached token is read in ${PROMPT_CACHING.cachedReadShare * 100}% of an uncached one's time (an estimate from OpenAI's "up to 80%" lower latency).`,
    tool('search'),
    tool('math'),
    'A search returns about 120 tokens (its fact and filler); a math step returns a number.',
    'The oracle knows each question\'s DAG and answers every approach alike: the same tool calls with the same arguments, the same final answer (the dataset\'s).',
    'What each approach writes follows its own prompts. LLMCompiler\'s planner writes the plan in the paper\'s format with the `Thought:` lines its prompt\'s examples show: the share of tasks with a thought, and the thought\'s length, are read from the examples in the system prompt it was sent, for tasks that need no earlier result and for tasks that do. Its joiner writes `Thought:` (' +
      `${JOINER_THOUGHT_TOKENS} tokens) then \`Action: Finish(<answer>)\` when its prompt's reply format asks for a thought.`,
    "When the planner's prompt asks the plan to state its answer (`planner.answerInPlan`, on by default) and the question's answer is a task's value or a template over values (ParallelQA: the final math step's value, `join($N)`; the deep chain: `join(\"The end of the chain is $N.\")`), the plan's join states it, in the form the prompt shows, and the run ends without the joiner; where the answer needs judgement over the results (HotpotQA comparisons, Movie choices, the wide set and the random DAGs, which combine results), the plan ends with `join()` and the joiner answers.",
    'ReAct (`parallel_tool_calls: false`, one call per turn) and function calling (parallel function calling, streaming or not, the AI SDK, LangChain) write the same budget of thought per tool call (0, 20 or 40 tokens, swept) before the turn\'s calls, and the answer alone at the end, as their prompts ask.',
    `Tool calls cost the framing tokens OpenAI's models write around them (an estimate: ${FRAMING.loneCall} for a lone call; ${FRAMING.parallelTurn} per turn plus ${FRAMING.parallelCall} per call for calls made together): counted in the completion tokens and in the time the turn takes.`,
    'Each arm (approach and combo) talks to its own instance of the simulated server over HTTP on 127.0.0.1; the runs of all arms interleave.',
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
