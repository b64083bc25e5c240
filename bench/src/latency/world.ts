import { setTimeout as sleep } from 'node:timers/promises';
import { drawLogNormal, hashString, seededRandom, type LogNormal } from './random.js';
import { PAPER_MODELS } from './profiles.js';
import type { MathInput, Scenario, ScenarioTask, SearchInput, ToolName, ToolSpec, World } from './types.js';

/** The seed every figure of the simulated world derives from. */
export const WORLD_SEED = 20_240_721;

/** How long each tool takes: a log-normal distribution, drawn once per call key. */
export const TOOL_LATENCY: Readonly<Record<ToolName, LogNormal>> = {
  // A web or encyclopedia search: a round trip and a page.
  search: { medianMs: 600, sigma: 0.4, minMs: 150, maxMs: 3_000 },
  // A math step (the paper's is a small LLM call): shorter, steadier.
  math: { medianMs: 500, sigma: 0.3, minMs: 150, maxMs: 2_000 },
};

/** Words of a search result beyond its fact: about 120 tokens in all. */
const SEARCH_FILLER_WORDS = 90;

/** The simulated models of the paper's era (see `PROFILES` for today's). */
export const MODELS = PAPER_MODELS;

const FILLER = (
  'the of record source page article notes history region early later during known people first since ' +
  'which used also between after years several many part following other while name including both based ' +
  'during major form new large public three area world national found city country second became'
).split(' ');

/** The tools as OpenAI function calling shows them. */
export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: 'search',
    description: 'Searches an encyclopedia and returns the top passage about the query.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to look up, e.g. a name.' } },
      required: ['query'],
      additionalProperties: false,
    },
  },
  {
    name: 'math',
    description: 'Solves a math problem, given the values it needs as context.',
    parameters: {
      type: 'object',
      properties: {
        problem: { type: 'string', description: 'The problem, in words.' },
        context: { type: 'array', items: { type: 'string' }, description: 'Values the problem needs.' },
      },
      required: ['problem'],
      additionalProperties: false,
    },
  },
];

/** Builds a task: its latency, output and fact are functions of its tool and key alone. */
export function makeTask(id: number, tool: ToolName, key: string, deps: readonly number[] = []): ScenarioTask {
  const random = seededRandom(hashString(`${WORLD_SEED}:${tool}:${key}`));
  const latencyMs = drawLogNormal(random, TOOL_LATENCY[tool]);
  const fact = String(1_000 + Math.floor(random() * 99_000));
  if (tool === 'math') return { id, tool, key, deps, latencyMs, output: fact, fact };
  const words = Array.from({ length: SEARCH_FILLER_WORDS }, () => FILLER[Math.floor(random() * FILLER.length)]!);
  return { id, tool, key, deps, latencyMs, output: `${key}: ${fact}. ${words.join(' ')}.`, fact };
}

/** One tool call as a run saw it. */
export interface ToolCallRecord {
  readonly tool: ToolName;
  readonly key: string;
  /** `performance.now()` at the start and the end. */
  readonly start: number;
  readonly end: number;
}

/**
 * The simulated world of a set of scenarios: `runTool` knows every call of their DAGs and answers it after
 * its latency with its output, whichever approach asks.
 */
export function createWorld(
  scenarios: readonly Scenario[],
  onCall?: (call: ToolCallRecord) => void,
  { latencyScale = 1 }: { readonly latencyScale?: number } = {},
): World {
  const tasks = new Map<string, ScenarioTask>();
  for (const scenario of scenarios) for (const task of scenario.tasks) tasks.set(`${task.tool}\u0000${task.key}`, task);
  return {
    tools: TOOL_SPECS,
    async runTool(tool, input, signal) {
      const { key } = readToolInput(tool, input);
      const task = tasks.get(`${tool}\u0000${key}`);
      if (task === undefined) throw new Error(`Expected a ${tool} the simulated world knows, got ${JSON.stringify(key)}`);
      const start = performance.now();
      await waitOrAbort(task.latencyMs * latencyScale, signal);
      onCall?.({ tool, key, start, end: performance.now() });
      return task.output;
    },
  };
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
async function waitOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  try {
    await sleep(ms, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/** A tool call's input, checked: the key that identifies the call, and a math step's context. */
export interface ToolCallInput {
  /** The search query, or the math problem. */
  readonly key: string;
  readonly context: readonly string[];
}

/**
 * Checks a tool call's input as both worlds take it.
 * @throws TypeError naming the tool, the field, what was expected and what came.
 */
export function readToolInput(tool: ToolName, input: unknown): ToolCallInput {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`Expected the input of ${tool} to be an object, got ${input === null ? 'null' : typeof input}`);
  }
  if (tool === 'search') {
    const { query } = input as Partial<SearchInput>;
    if (typeof query !== 'string') throw new TypeError(`Expected search's \`query\` to be a string, got ${typeof query}`);
    return { key: query, context: [] };
  }
  if (tool === 'math') {
    const { problem, context } = input as Partial<MathInput>;
    if (typeof problem !== 'string') throw new TypeError(`Expected math's \`problem\` to be a string, got ${typeof problem}`);
    if (context !== undefined && !Array.isArray(context)) {
      throw new TypeError(`Expected math's \`context\` to be a list, got ${typeof context}`);
    }
    return { key: problem, context: context ?? [] };
  }
  throw new TypeError(`Expected the tool to be search or math, got ${JSON.stringify(tool)}`);
}
