import { describe, expect, it } from 'vitest';
import { BOUND_MODE, boundRun, criticalPathMs } from './bounds.js';
import { noteDelay, type RequestNote } from './oracle.js';
import type { Scenario } from './types.js';
import { makeTask } from './world.js';

const scenario: Scenario = {
  workload: 'parallelqa',
  id: 'q1',
  question: 'Which trench would be shallower?',
  answer: 'Mariana Trench',
  tasks: [
    makeTask(1, 'search', 'Mariana Trench'),
    makeTask(2, 'math', 'Mariana Trench 20% shallower', [1]),
    makeTask(3, 'search', 'Puerto Rico Trench'),
    makeTask(4, 'math', 'Puerto Rico Trench 20% deeper', [3]),
    makeTask(5, 'math', 'which is shallower', [2, 4]),
  ],
};
const [t1, t2, t3, t4, t5] = scenario.tasks.map((task) => task.latencyMs) as [number, number, number, number, number];

/** A note whose first token comes after `first` ms and each further one 100 ms later. */
function note(kind: RequestNote['kind'], completionTokens: number, extra: Partial<RequestNote> = {}, first = 500): RequestNote {
  return { kind, promptTokens: 0, cachedTokens: 0, firstTokenMs: first, msPerToken: 100, completionTokens, framingTokens: 0, thoughtTokens: 0, calls: [], taskLineEnds: [], ...extra };
}

describe('the per-approach zero-overhead bounds', () => {
  it('gives each approach the bound of its own way of working', () => {
    expect(BOUND_MODE).toMatchObject({
      llmcompiler: 'compiler-streaming',
      'llmcompiler-no-streaming': 'compiler',
      react: 'sequential',
      'parallel-function-calling': 'parallel',
      'parallel-function-calling-streaming': 'parallel-streaming',
      'ai-sdk': 'parallel',
      langchain: 'parallel',
    });
  });

  it("starts LLMCompiler's tasks when their plan line has streamed and their inputs are done, then adds the joiner", () => {
    const planner = note('planner', 50, { taskLineEnds: [10, 20, 30, 40, 50] });
    const joiner = note('joiner', 11);
    const run = boundRun(scenario, [planner, joiner], 'compiler-streaming');
    const tools = run.spans.filter((span) => span.kind === 'tool');
    expect(tools[0]!.startMs).toBe(500 + 9 * 100);
    expect(tools[2]!.startMs).toBe(500 + 29 * 100);
    expect(tools[1]!.startMs).toBe(Math.max(500 + 19 * 100, tools[0]!.endMs));
    expect(tools[4]!.startMs).toBe(Math.max(500 + 49 * 100, tools[1]!.endMs, tools[3]!.endMs));
    const joinStart = Math.max(noteDelay(planner, 50), ...tools.map((span) => span.endMs));
    expect(run.totalMs).toBe(joinStart + 500 + 10 * 100);
  });

  it('starts them only when the whole plan has come without streaming', () => {
    const run = boundRun(scenario, [note('planner', 50, { taskLineEnds: [10, 20, 30, 40, 50] }), note('joiner', 1)], 'compiler');
    const planEnd = 500 + 49 * 100;
    expect(run.totalMs).toBe(planEnd + Math.max(t1 + t2, t3 + t4) + t5 + 500);
  });

  it('ends LLMCompiler with its last task when the plan stated the answer and no joiner ran', () => {
    const planner = note('planner', 50, { taskLineEnds: [10, 20, 30, 40, 50] });
    const stated = boundRun(scenario, [planner], 'compiler-streaming');
    const joined = boundRun(scenario, [planner, note('joiner', 11)], 'compiler-streaming');
    const lastTask = Math.max(...stated.spans.filter((span) => span.kind === 'tool').map((span) => span.endMs));
    expect(stated.totalMs).toBe(Math.max(noteDelay(planner, 50), lastTask));
    expect(stated.spans.map((span) => span.label)).not.toContain('joiner');
    expect(joined.totalMs).toBe(stated.totalMs + 500 + 10 * 100);
    expect(() => boundRun(scenario, [note('joiner', 11)], 'compiler')).toThrow('Expected a planner request for q1, got joiner');
  });

  it('adds up ReAct: each turn, then its call', () => {
    const turns = [1, 2, 3, 4, 5].map((id) => note('tool-calling', 10, { calls: [{ taskId: id, endToken: 10 }] }));
    const run = boundRun(scenario, [...turns, note('tool-calling', 3)], 'sequential');
    expect(run.totalMs).toBe(5 * (500 + 900) + t1 + t2 + t3 + t4 + t5 + 500 + 200);
  });

  it('waits for the slowest call of each function-calling turn, from the end of the turn or, streaming, from the end of each call', () => {
    const turns = [
      note('tool-calling', 20, { calls: [{ taskId: 1, endToken: 10 }, { taskId: 3, endToken: 20 }] }),
      note('tool-calling', 20, { calls: [{ taskId: 2, endToken: 10 }, { taskId: 4, endToken: 20 }] }),
      note('tool-calling', 10, { calls: [{ taskId: 5, endToken: 10 }] }),
      note('tool-calling', 1),
    ];
    const turn = 500 + 19 * 100;
    const parallel = boundRun(scenario, turns, 'parallel');
    expect(parallel.totalMs).toBe(turn + Math.max(t1, t3) + turn + Math.max(t2, t4) + (500 + 900) + t5 + 500);
    const streaming = boundRun(scenario, turns, 'parallel-streaming');
    const wave = (a: number, b: number) => Math.max(turn, 500 + 900 + a, turn + b);
    expect(streaming.totalMs).toBe(wave(t1, t3) + wave(t2, t4) + (500 + 900) + t5 + 500);
    expect(streaming.totalMs).toBeLessThanOrEqual(parallel.totalMs);
  });

  it("gives the question's floor: its tools' critical path", () => {
    expect(criticalPathMs(scenario)).toBe(Math.max(t1 + t2, t3 + t4) + t5);
  });
});
