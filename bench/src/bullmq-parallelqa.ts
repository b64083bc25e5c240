// The latency benchmark's ParallelQA workload for the BullMQ benchmark: its questions, the simulated world's
// tools (each call's latency and output derive from the world's seed, so a worker process builds the same
// ones), and the oracle's endpoint under one profile.
import type { AnyTool } from '@llmcompiler/core';
import { compilerTools } from './latency/approaches/llmcompiler.js';
import { simulatedEndpoint, type Endpoint } from './latency/harness.js';
import { createOracle } from './latency/oracle.js';
import { DEFAULT_THOUGHT_BUDGET, PROFILES, type ProfileName } from './latency/profiles.js';
import type { Scenario } from './latency/types.js';
import { QUICK_SIZES, buildWorkloads } from './latency/workloads.js';
import { createWorld } from './latency/world.js';

/** The first `questions` ParallelQA questions, and the world's tools that answer them. */
export function parallelQATools(questions: number): { scenarios: readonly Scenario[]; tools: AnyTool[]; world: ReturnType<typeof createWorld> } {
  const workload = buildWorkloads({ ...QUICK_SIZES, parallelqa: questions }).find((candidate) => candidate.name === 'parallelqa')!;
  const world = createWorld(workload.scenarios);
  return { scenarios: workload.scenarios, tools: compilerTools(world), world };
}

/** The simulated server answering as `profile` (prompt caching on, the default thought budget). */
export function parallelQAEndpoint(scenarios: readonly Scenario[], profile: ProfileName): Promise<Endpoint> {
  const model = PROFILES[profile].modelOf('parallelqa');
  return simulatedEndpoint(createOracle(scenarios, { modelOf: () => model, caching: true, thoughtBudget: DEFAULT_THOUGHT_BUDGET }));
}
