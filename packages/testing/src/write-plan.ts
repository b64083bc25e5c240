import { END_OF_PLAN, type PlanFormat } from './classify-request.js';

/** One task a scripted planner plans. */
export interface ScriptedTask {
  /** The tool to call. */
  readonly tool: string;
  /**
   * Its arguments by name. A string `"$1"` (or `"$1.field"`, `"$1[0]"`) is the result of task 1, and `$1`
   * inside a longer string is interpolated, as a planner writes them; `$$` is a literal dollar.
   *
   * @default {} (no arguments)
   * @example
   * ```ts
   * { tool: 'math', args: { problem: '$1 * 2' } }
   * ```
   */
  readonly args?: Readonly<Record<string, unknown>> | undefined;
  /** Why the task is there: a `Thought:` line before it in a text plan, its `thought` in a JSON plan. */
  readonly thought?: string | undefined;
}

/** A native tool call of a scripted answer: the shape both the fake server and `scriptedModel` take. */
export interface ScriptedToolCall {
  readonly name: string;
  readonly arguments: object;
}

/** A planner's or joiner's answer, as the fake server's responders and `scriptedModel`'s responders return it. */
export type ScriptedAnswer = string | { readonly toolCalls: readonly ScriptedToolCall[] };

/**
 * The planner's answer for `tasks`, numbered from `firstId`, in the format the request asked for:
 *
 * - `'text'`: `Thought:` lines and `N. tool(name=value, ...)` with JSON values, then `N. join()` and
 *   `<END_OF_PLAN>` (which the request's stop sequence cuts, as it does a real model's);
 * - `'json'`: `{"tasks": [{"id": N, "tool", "args", "thought"?}, ..., {"tool": "join"}]}`;
 * - `'tool-calls'`: one call per task, then a call to `join` (thoughts are left out: they would be text
 *   beside the calls).
 */
export function writePlan(tasks: readonly ScriptedTask[], format: PlanFormat, firstId: number): ScriptedAnswer {
  if (format === 'tool-calls') {
    return { toolCalls: [...tasks.map(({ tool, args = {} }) => ({ name: tool, arguments: args })), { name: 'join', arguments: {} }] };
  }
  if (format === 'json') {
    const written = tasks.map(({ tool, args = {}, thought }, index) => ({
      id: firstId + index,
      tool,
      args,
      ...(thought === undefined ? {} : { thought }),
    }));
    return JSON.stringify({ tasks: [...written, { tool: 'join' }] });
  }
  const lines = tasks.flatMap(({ tool, args = {}, thought }, index) => {
    const call = `${firstId + index}. ${tool}(${Object.entries(args)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join(', ')})`;
    // A thought is one line: the line after it must be the task's.
    return thought === undefined ? [call] : [`Thought: ${thought.replace(/\s*\n\s*/g, ' ')}`, call];
  });
  return [...lines, `${firstId + tasks.length}. join()${END_OF_PLAN}`].join('\n');
}
