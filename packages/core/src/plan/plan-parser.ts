import type { PlanError } from '../errors/plan-error.js';
import type { Task } from '../graph/task.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
import type { PlanWarning } from './plan-warning.js';
import type { ToolSet } from './tool-map.js';

/** A piece of a streamed native tool call, as chat-completion APIs send them. */
export interface ToolCallDelta {
  /**
   * Tells the calls of a message apart: pieces with the same index belong to one call. Calls are numbered in
   * the order they arrive (the k-th is task k of the round), whatever their index; one whose index is not an
   * integer from 0 up fails.
   */
  readonly index: number;
  /** The tool name, usually sent whole in the call's first delta. */
  readonly name?: string | undefined;
  /** The next piece of the call's JSON arguments. */
  readonly arguments?: string | undefined;
}

/** Options shared by the plan parsers. */
export interface PlanParserOptions {
  /** The tools tasks may call: a list, an object keyed by name, or a `Map`. */
  readonly tools: ToolSet;
  /**
   * Ids of tasks from earlier rounds of the run (on a replan): the new plan may reference them, and its
   * numbering should continue after them.
   * @default []
   */
  readonly existingIds?: Iterable<number> | undefined;
  /**
   * How many tasks the plan may hold. Tasks past the limit are counted, not parsed, kept or reported one by
   * one: the plan's end brings one `TooManyTasksError` for all of them.
   * @default Infinity
   */
  readonly maxTasks?: number | undefined;
  /**
   * How deeply a task's arguments may nest lists and objects. A task nested deeper fails with a
   * `PlanSyntaxError`, and the rest of the plan goes on; the limit keeps parsing within the stack and
   * linear in the text.
   * @default 256
   */
  readonly maxNesting?: number | undefined;
}

/** The default of `maxNesting`. */
export const DEFAULT_MAX_NESTING = 256;

/** Options of {@link createPlanParser} and {@link parsePlan}. */
export interface CreatePlanParserOptions extends PlanParserOptions {
  /**
   * `'text'`: the paper's numbered-call format. `'json'`: `{ id, tool, args, thought? }` objects, as an
   * array, an object holding a `tasks` (or `plan`, `steps`) array, or one object per line. `'tool-calls'`:
   * native tool calls, pushed with `pushToolCall`; the k-th call is task k.
   * @default 'text'
   */
  readonly format?: 'text' | 'json' | 'tool-calls' | undefined;
}

/**
 * A streaming plan parser: push the model's text as it arrives, get each task the moment it is complete.
 */
export interface PlanParser {
  /**
   * Adds the model's text; returns what it completed, in order. For a plan of native tool calls, the text
   * is the thought of the next call.
   */
  push(chunk: string): readonly PlanEvent[];
  /**
   * Adds a piece of a native tool call. A plan of tool calls is made of them; a text or JSON plan has none,
   * and reports the first piece of each such call as an `ignored-tool-call` warning.
   */
  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[];
  /**
   * Ends the text; returns what remained. A plan has exactly one `end` event: `push` returns it when
   * `join()` arrives (only warnings about ignored text follow), otherwise `end()` does.
   */
  end(): readonly PlanEvent[];
}

/** Everything a whole plan held. */
export interface PlanParseResult {
  /** The tasks, each after the tasks it references. Tasks that cannot run carry an `error`. */
  readonly tasks: Task[];
  /** Irregularities that were tolerated. */
  readonly warnings: PlanWarning[];
  /** Every error: those of tasks (also on `task.error`) and those that belong to no task. */
  readonly errors: PlanError[];
  /** The planner's last thought (`Thought:` lines after the last task). */
  readonly thought: string | undefined;
  /** How the plan ended: `'join'` when it is complete. */
  readonly end: PlanEndReason;
  /** The answer the plan's `join` states (`join("The difference is $3 m")`), if it states one. */
  readonly answer: PlanAnswer | undefined;
}

