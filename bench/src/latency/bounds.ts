/**
 * Zero-overhead bounds, one per approach: how long a run would take with the same model calls (the tokens
 * the approach sent and got, the cache hits it got) and the same tool latencies, if HTTP, parsing and
 * scheduling cost nothing. Each is a bound on that approach under the model, not on the question.
 */
import { noteDelay, type RequestNote } from './oracle.js';
import type { ApproachName, GanttRun, Scenario, Span } from './types.js';

/** How an approach orders its work, for its bound. */
export type BoundMode =
  /**
   * LLMCompiler: each task starts when its plan line has streamed and its inputs are done; then the joiner,
   * unless the plan stated the answer (no joiner request), when the run ends with its last task.
   */
  | 'compiler-streaming'
  /** LLMCompiler without streaming: tasks start once the whole plan has come. */
  | 'compiler'
  /** ReAct: a turn, then its call, then the next turn. */
  | 'sequential'
  /** Function calling: a turn, then all its calls at once, the next turn when the slowest ends. */
  | 'parallel'
  /** Function calling that starts each call once its arguments have streamed. */
  | 'parallel-streaming';

/** The bound mode of each approach. */
export const BOUND_MODE: Readonly<Record<ApproachName, BoundMode>> = {
  llmcompiler: 'compiler-streaming',
  'llmcompiler-no-streaming': 'compiler',
  react: 'sequential',
  'parallel-function-calling': 'parallel',
  'parallel-function-calling-streaming': 'parallel-streaming',
  'ai-sdk': 'parallel',
  langchain: 'parallel',
};

/**
 * The bound of one run: its requests' notes in the order they were sent. Tool latencies are the scenario's.
 *
 * @throws Error when the notes do not fit the mode (an LLMCompiler run without a planner request).
 */
export function boundRun(scenario: Scenario, notes: readonly RequestNote[], mode: BoundMode): GanttRun {
  return mode === 'compiler' || mode === 'compiler-streaming'
    ? compilerBound(scenario, notes, mode === 'compiler-streaming')
    : toolCallingBound(scenario, notes, mode);
}

function taskOf(scenario: Scenario, id: number) {
  const task = scenario.tasks[id - 1];
  if (task === undefined) throw new Error(`Expected task ${id} in scenario ${scenario.id}, got none`);
  return task;
}

function toolSpan(scenario: Scenario, id: number, startMs: number): Span {
  const task = taskOf(scenario, id);
  return { kind: 'tool', label: `${task.tool}(${JSON.stringify(task.key)})`, startMs, endMs: startMs + task.latencyMs };
}

function compilerBound(scenario: Scenario, notes: readonly RequestNote[], streaming: boolean): GanttRun {
  const planner = notes.find((note) => note.kind === 'planner');
  const joiner = notes.find((note) => note.kind === 'joiner');
  if (planner === undefined) throw new Error(`Expected a planner request for ${scenario.id}, got ${notes.map((note) => note.kind).join(', ') || 'none'}`);
  const planEnd = noteDelay(planner, planner.completionTokens);
  const spans: Span[] = [{ kind: 'llm', label: 'planner', startMs: 0, endMs: planEnd }];
  const ends: number[] = [];
  for (const task of scenario.tasks) {
    const lineReady = streaming ? noteDelay(planner, planner.taskLineEnds[task.id - 1] ?? planner.completionTokens) : planEnd;
    const span = toolSpan(scenario, task.id, Math.max(lineReady, ...task.deps.map((dep) => ends[dep - 1]!)));
    ends.push(span.endMs);
    spans.push(span);
  }
  const joinStart = Math.max(planEnd, ...ends);
  // The plan stated the answer: it is the user's once the last task has ended.
  if (joiner === undefined) return { approach: 'ideal', totalMs: joinStart, spans };
  const joinEnd = joinStart + noteDelay(joiner, joiner.completionTokens);
  spans.push({ kind: 'llm', label: 'joiner', startMs: joinStart, endMs: joinEnd });
  return { approach: 'ideal', totalMs: joinEnd, spans };
}

function toolCallingBound(scenario: Scenario, notes: readonly RequestNote[], mode: BoundMode): GanttRun {
  let now = 0;
  const spans: Span[] = [];
  for (const [index, note] of notes.entries()) {
    const llmEnd = now + noteDelay(note, note.completionTokens);
    spans.push({ kind: 'llm', label: `LLM turn ${index + 1}`, startMs: now, endMs: llmEnd });
    let next = llmEnd;
    for (const call of note.calls) {
      const start = mode === 'sequential' ? next : mode === 'parallel' ? llmEnd : now + noteDelay(note, call.endToken);
      const span = toolSpan(scenario, call.taskId, start);
      spans.push(span);
      next = Math.max(next, span.endMs);
    }
    now = next;
  }
  return { approach: 'ideal', totalMs: now, spans };
}

/**
 * The question's floor: its tools' critical path alone, as if every model call took no time. No approach
 * that calls the model can reach it.
 */
export function criticalPathMs(scenario: Scenario): number {
  const ends: number[] = [];
  for (const task of scenario.tasks) ends.push(Math.max(0, ...task.deps.map((dep) => ends[dep - 1]!)) + task.latencyMs);
  return Math.max(0, ...ends);
}
