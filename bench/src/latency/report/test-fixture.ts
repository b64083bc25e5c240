/** For the tests: a small hand-made report, with figures chosen so every formatted value is easy to predict. */
import type { BenchReport, ModelProfile, WorkloadReport } from '../types.js';

const model: ModelProfile = { name: 'gpt-3.5-turbo-like', timeToFirstTokenMs: 300, outputTokensPerSecond: 80, promptTokensPerSecond: 4000 };

/** The question of the Gantt chart: it holds `<` and `&`, which the SVG must escape. */
export const GANTT_QUESTION = 'Is the population of <Paris> & Rome, taken together, larger than that of London?';

/** Two tool spans of the LLMCompiler run overlap; the second is twice as long as the first. */
export const parallelqa: WorkloadReport = {
  workload: 'parallelqa',
  title: 'ParallelQA',
  shape: 'two to four independent searches, then math',
  model,
  questions: 3,
  idealMeanMs: 1320,
  approaches: [
    {
      approach: 'llmcompiler',
      runs: 3,
      failures: 0,
      meanMs: 2410,
      p50Ms: 2380,
      p95Ms: 2712,
      llmCalls: 2,
      promptTokens: 1234.4,
      completionTokens: 98.6,
      speedupOverReact: 1.834,
      speedupOverPfc: 1.226,
      ratioToIdeal: 1.8257,
    },
    {
      approach: 'react',
      runs: 3,
      failures: 1,
      firstFailure: 'step limit | reached\nafter 10 turns',
      meanMs: 4420,
      p50Ms: 4400,
      p95Ms: 4900,
      llmCalls: 4.333,
      promptTokens: 2890,
      completionTokens: 283,
      speedupOverReact: 1,
      ratioToIdeal: 3.348,
    },
    {
      approach: 'parallel-function-calling',
      runs: 3,
      failures: 0,
      meanMs: 2957,
      p50Ms: 2950,
      p95Ms: 3100,
      llmCalls: 2,
      promptTokens: 1500,
      completionTokens: 150,
      speedupOverReact: 1.4958,
      speedupOverPfc: 1,
      ratioToIdeal: 2.2386,
    },
  ],
  gantt: {
    question: GANTT_QUESTION,
    runs: [
      {
        approach: 'llmcompiler',
        totalMs: 2400,
        spans: [
          { kind: 'llm', label: 'planner', startMs: 0, endMs: 900 },
          { kind: 'tool', label: 'search("Paris")', startMs: 400, endMs: 800 },
          { kind: 'tool', label: 'search("Rome")', startMs: 500, endMs: 1300 },
          { kind: 'tool', label: 'math("$1 + $2 < 5e6")', startMs: 1300, endMs: 1400 },
          { kind: 'llm', label: 'joiner', startMs: 1400, endMs: 2400 },
        ],
      },
      {
        approach: 'react',
        totalMs: 4400,
        spans: [
          { kind: 'llm', label: 'turn 1', startMs: 0, endMs: 1000 },
          { kind: 'tool', label: 'search("Paris")', startMs: 1000, endMs: 1400 },
          { kind: 'llm', label: 'turn 2', startMs: 1400, endMs: 2400 },
          { kind: 'tool', label: 'search("Rome")', startMs: 2400, endMs: 3200 },
          { kind: 'llm', label: 'turn 3', startMs: 3200, endMs: 4400 },
        ],
      },
      {
        approach: 'parallel-function-calling',
        totalMs: 2950,
        spans: [
          { kind: 'llm', label: 'turn 1', startMs: 0, endMs: 1100 },
          { kind: 'tool', label: 'search("Paris")', startMs: 1100, endMs: 1500 },
          { kind: 'tool', label: 'search("Rome")', startMs: 1100, endMs: 1900 },
          { kind: 'llm', label: 'turn 2', startMs: 1900, endMs: 2950 },
        ],
      },
      {
        approach: 'ideal',
        totalMs: 1320,
        spans: [
          { kind: 'llm', label: 'planner', startMs: 0, endMs: 600 },
          { kind: 'tool', label: 'search("Paris")', startMs: 200, endMs: 600 },
          { kind: 'tool', label: 'search("Rome")', startMs: 300, endMs: 1100 },
          { kind: 'llm', label: 'joiner', startMs: 1100, endMs: 1320 },
        ],
      },
    ],
  },
};

/** No ideal bound, no Gantt chart, an accuracy for two of the three approaches, and no ReAct tokens to compare. */
export const movie: WorkloadReport = {
  workload: 'movie',
  title: 'Movie Recommendation',
  shape: 'eight searches, no math',
  model,
  questions: 2,
  approaches: [
    { approach: 'llmcompiler', runs: 2, failures: 0, meanMs: 3000, p50Ms: 2990, p95Ms: 3150, llmCalls: 2, promptTokens: 2100, completionTokens: 200, speedupOverReact: 2.5, accuracy: 1 },
    { approach: 'react', runs: 2, failures: 0, meanMs: 7500, p50Ms: 7400, p95Ms: 8000, llmCalls: 9, promptTokens: 0, completionTokens: 0, speedupOverReact: 1, accuracy: 0.954 },
    { approach: 'parallel-function-calling', runs: 2, failures: 2, firstFailure: 'timeout', meanMs: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, llmCalls: 0, promptTokens: 0, completionTokens: 0 },
  ],
};

/** The whole report. */
export const report: BenchReport = {
  date: '2025-06-01T12:00:00.000Z',
  mode: 'quick',
  machine: { cpu: 'Test CPU @ 3.0GHz', cores: 4, memoryGb: 16, os: 'linux 6.1', node: 'v20.20.0' },
  world: ['Tool latencies: search 300-1200 ms, math 50-150 ms', 'Seed: 42'],
  approaches: [
    { name: 'llmcompiler', description: 'planner streams a DAG, tasks run in parallel, then a joiner' },
    { name: 'react', description: 'one tool call per turn' },
    { name: 'parallel-function-calling', description: 'OpenAI parallel tool calls, turn by turn' },
  ],
  workloads: [parallelqa, movie],
  scale: {
    wide: { tasks: 10_000, totalMs: 412.34, usPerTask: 41.234, cpuUsPerTask: 12.87, bestCpuUsPerTask: 9.52 },
    chain: { depth: 1000, totalMs: 55.56, usPerHop: 55.56, bestUsPerHop: 7.21, cpuUsPerTask: 13.44, bestCpuUsPerTask: 10.04 },
    loadAverage: 6.53,
    concurrent: {
      runs: 100,
      failures: 0,
      wallMs: 5123,
      runsPerSecond: 19.52,
      p50Ms: 2600,
      p95Ms: 3000,
      aloneMs: 2400,
      peakRssMb: 210.44,
      peakHeapMb: 95.26,
      baselineHeapMb: 40.01,
      model,
    },
  },
  targets: [
    { target: 'LLMCompiler at least 1.5x faster than ReAct', workload: 'parallelqa', measured: '1.83x', met: true },
    { target: 'within 1.3x of the ideal bound', workload: 'all', measured: '1.83x', met: false },
  ],
  durationMs: 83_500,
};
