import type { PlanError } from '../errors/plan-error.js';
import type { ArgValue } from './reference.js';

/**
 * One tool call of a plan, checked against the tools and the tasks before it.
 *
 * Its `args` are keyed by the tool's input properties (positional arguments already mapped) and may hold
 * {@link Reference}s and {@link Template}s, which are resolved once the tasks they name have finished.
 */
export interface Task {
  /** The task's id in the plan: `3` for `3. search(...)`. Unique within a run, across replans. */
  readonly id: number;
  /** The tool's name as written. */
  readonly tool: string;
  /** The arguments by input property name, references unresolved. */
  readonly args: { readonly [name: string]: ArgValue };
  /** Ids of the tasks whose results the arguments reference, ascending and without repeats. */
  readonly dependencies: readonly number[];
  /** The `Thought:` lines written before this task, joined by newlines. */
  readonly thought: string | undefined;
  /** The call as written in the plan, e.g. `search("Mariana Trench")`. */
  readonly source: string;
  /** 1-based line of the plan text where the call starts (text plans). */
  readonly line: number | undefined;
  /**
   * Why this task cannot run (unknown tool, bad arguments, invalid reference, syntax). A task with an error
   * still belongs to the plan: it settles as failed with this error as its observation, and the tasks that
   * depend on it are skipped.
   */
  readonly error: PlanError | undefined;
}

/**
 * A tool call as a plan parser read it, before the task graph checks it.
 * @internal Produced by the parsers, consumed by {@link TaskGraph}.
 */
export interface PlanCall {
  /** The id written in the plan; `undefined` when the plan gave none (JSON without `id`). */
  readonly id: number | undefined;
  readonly tool: string;
  /** Positional arguments in order. */
  readonly positional: readonly ArgValue[];
  /** Keyword arguments in the order written (repeats kept, so the graph can report them). */
  readonly named: readonly (readonly [string, ArgValue])[];
  readonly thought: string | undefined;
  readonly source: string;
  readonly line: number | undefined;
  /** Set when the call could not be read; the task is still created, failed with this error. */
  readonly syntaxError: PlanError | undefined;
}
