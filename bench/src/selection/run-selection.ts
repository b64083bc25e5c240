/**
 * Runs the compiler on every question of the selection benchmark under one selection mode, against a
 * simulated endpoint of its own (the selection oracle over real HTTP through the `openai` adapter), and
 * scores what it did: planner prompt tokens, latency, plan accuracy, missed tools.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createCompiler, createEmbeddingToolSelector, createLexicalToolSelector, tool, type AnyTool, type JsonSchema, type ToolSelector } from '@llmcompiler/core';
import { openai } from '@llmcompiler/openai';
import { startFakeOpenAI } from '@llmcompiler/testing';
import { drawLogNormal, hashString, seededRandom } from '../latency/random.js';
import type { ModelProfile, Scenario } from '../latency/types.js';
import { TOOL_LATENCY, WORLD_SEED, createWorld } from '../latency/world.js';
import { mean, median } from '../stats.js';
import { CATALOGUE } from './catalogue.js';
import { hashedEmbedding } from './hashed-embedding.js';
import { createSelectionOracle } from './oracle.js';
import { comparePlans, planNodes } from './plan-accuracy.js';
import { goldPlan, type QuestionSource, type SelectionQuestion } from './questions.js';

/** How the planner's tools are chosen. */
export interface SelectionMode {
  /** e.g. `lexical, k = 8`. */
  readonly title: string;
  /** `undefined`: every tool. */
  readonly selector: (() => ToolSelector) | undefined;
}

/** The tools every `always` mode keeps: the world's two general-purpose tools. */
export const ALWAYS = ['search', 'math'] as const;

/** The modes measured: the baseline first, then each selector at each `k`, without and with `always`. */
export function selectionModes(ks: readonly number[]): SelectionMode[] {
  const embed = async (texts: string[]) => hashedEmbedding(texts);
  return [
    { title: 'no selection (all 200 tools)', selector: undefined },
    ...ks.flatMap((k): SelectionMode[] => [
      { title: `lexical (BM25), k = ${k}`, selector: () => createLexicalToolSelector({ k }) },
      { title: `lexical (BM25), k = ${k}, always search and math`, selector: () => createLexicalToolSelector({ k, always: [...ALWAYS] }) },
      { title: `embedding (hashed n-grams), k = ${k}`, selector: () => createEmbeddingToolSelector({ k, embed }) },
      { title: `embedding (hashed n-grams), k = ${k}, always search and math`, selector: () => createEmbeddingToolSelector({ k, embed, always: [...ALWAYS] }) },
    ]),
  ];
}

/** One question's run under one mode. */
export interface QuestionRun {
  readonly question: SelectionQuestion;
  readonly latencyMs: number;
  readonly failure: string | undefined;
  readonly plannerPromptTokens: number;
  readonly plannerCachedTokens: number;
  /** The planner's time to its first token: the fixed part and the prompt read (its cached part at a discount). */
  readonly plannerFirstTokenMs: number;
  readonly toolsShown: number;
  /** Whether the tools shown lack a tool of the gold plan. */
  readonly missed: boolean;
  /** Whether the first plan matches the gold plan (TinyAgent's metric). */
  readonly planMatch: boolean;
}

/** The figures of one mode, over a set of questions. */
export interface ModeSummary {
  readonly mode: string;
  readonly caching: boolean;
  readonly questions: number;
  readonly failures: number;
  /** Means per planner call. */
  readonly plannerPromptTokens: number;
  readonly plannerCachedTokens: number;
  readonly plannerFirstTokenMs: number;
  readonly toolsShown: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  /**
   * Mean latency of the dataset questions alone: where a mode's plans match the gold ones, as every mode with
   * `always` does on them, the runs do the same work as without selection, so only the planner prompt differs.
   */
  readonly datasetMeanMs: number;
  /** Shares, 0..1. */
  readonly planAccuracy: number;
  readonly missRate: number;
  /** Plan accuracy on the dataset questions and on the task questions. */
  readonly accuracyBySource: Readonly<Record<'datasets' | 'tasks', number>>;
  readonly missBySource: Readonly<Record<'datasets' | 'tasks', number>>;
}

/** The catalogue as compiler tools: the world's two run in the latency world; the decoys answer after a search-like latency. */
export function catalogueTools(scenarios: readonly Scenario[], latencyScale = 1): AnyTool[] {
  const world = createWorld(scenarios, undefined, { latencyScale });
  return CATALOGUE.map((spec) =>
    tool({
      name: spec.name,
      description: spec.description,
      input: spec.parameters as unknown as JsonSchema,
      sideEffects: 'none',
      execute: async (input, { signal }) => {
        if (spec.name === 'search' || spec.name === 'math') return world.runTool(spec.name, input, signal);
        const key = `${WORLD_SEED}:${spec.name}:${JSON.stringify(input)}`;
        const random = seededRandom(hashString(key));
        const latencyMs = drawLogNormal(random, TOOL_LATENCY.search) * latencyScale;
        try {
          await sleep(latencyMs, undefined, { signal });
        } catch (error) {
          throw signal.aborted ? signal.reason : error;
        }
        const value = Math.floor(random() * 1000);
        return [{ id: `${spec.name}-${hashString(key) % 10_000}`, value, text: `${spec.name} result: ${value}` }];
      },
    }),
  );
}

/** Runs every question under `mode`, `concurrency` at a time, against an endpoint of its own. */
export async function runMode({
  mode,
  questions,
  scenarios,
  model,
  caching,
  concurrency,
}: {
  readonly mode: SelectionMode;
  readonly questions: readonly SelectionQuestion[];
  readonly scenarios: readonly Scenario[];
  readonly model: ModelProfile;
  readonly caching: boolean;
  readonly concurrency: number;
}): Promise<QuestionRun[]> {
  const oracle = createSelectionOracle(questions, { model, caching });
  const server = await startFakeOpenAI({ responder: oracle.responder, tokensPerChunk: 1 });
  const tools = catalogueTools(scenarios);
  const compiler = createCompiler({
    model: openai('simulated-model', { baseURL: server.url, apiKey: 'simulated', maxRetries: 0 }),
    tools,
    maxReplans: 0,
    ...(mode.selector === undefined ? {} : { selectTools: mode.selector() }),
  });
  const runs: QuestionRun[] = [];
  let next = 0;
  try {
    const worker = async () => {
      while (next < questions.length) {
        const question = questions[next++]!;
        const run = compiler.run(question.question, { signal: AbortSignal.timeout(120_000) });
        const start = performance.now();
        let failure: string | undefined;
        try {
          const result = await run.result();
          if (result.answer !== question.answer) failure = `answered ${JSON.stringify(result.answer)}`;
        } catch (error) {
          failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        const latencyMs = performance.now() - start;
        const plan = run.events.flatMap((event) => (event.type === 'plan-token' && event.round === 1 ? [event.text] : [])).join('');
        const note = oracle.plannerNotes.find((candidate) => candidate.questionId === question.id);
        const gold = new Set(question.calls.map((call) => call.tool));
        const shown = new Set(note?.shown ?? []);
        runs.push({
          question,
          latencyMs,
          failure,
          plannerPromptTokens: note?.promptTokens ?? Number.NaN,
          plannerCachedTokens: note?.cachedTokens ?? Number.NaN,
          plannerFirstTokenMs: note?.firstTokenMs ?? Number.NaN,
          toolsShown: shown.size,
          missed: [...gold].some((name) => !shown.has(name)),
          planMatch: comparePlans(planNodes(plan, { tools }), planNodes(goldPlan(question), { tools })).match,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, questions.length) }, worker));
  } finally {
    await server.close();
  }
  return runs;
}

const isDataset = (source: QuestionSource) => source !== 'tasks';

/** The figures of one mode's runs. */
export function summarizeMode(mode: string, caching: boolean, runs: readonly QuestionRun[]): ModeSummary {
  const share = (items: readonly QuestionRun[], test: (run: QuestionRun) => boolean) => (items.length === 0 ? Number.NaN : items.filter(test).length / items.length);
  const datasets = runs.filter((run) => isDataset(run.question.source));
  const tasks = runs.filter((run) => !isDataset(run.question.source));
  const ok = runs.filter((run) => run.failure === undefined);
  return {
    mode,
    caching,
    questions: runs.length,
    failures: runs.length - ok.length,
    plannerPromptTokens: mean(runs.map((run) => run.plannerPromptTokens)),
    plannerCachedTokens: mean(runs.map((run) => run.plannerCachedTokens)),
    plannerFirstTokenMs: mean(runs.map((run) => run.plannerFirstTokenMs)),
    toolsShown: mean(runs.map((run) => run.toolsShown)),
    meanMs: mean(ok.map((run) => run.latencyMs)),
    p50Ms: median(ok.map((run) => run.latencyMs)),
    datasetMeanMs: mean(datasets.filter((run) => run.failure === undefined).map((run) => run.latencyMs)),
    planAccuracy: share(runs, (run) => run.planMatch),
    missRate: share(runs, (run) => run.missed),
    accuracyBySource: { datasets: share(datasets, (run) => run.planMatch), tasks: share(tasks, (run) => run.planMatch) },
    missBySource: { datasets: share(datasets, (run) => run.missed), tasks: share(tasks, (run) => run.missed) },
  };
}
