import type { PlanError } from '../errors/plan-error.js';
import type { Task } from '../graph/task.js';
import type { PlanEndReason, PlanEvent } from './plan-event.js';
import type { PlanWarning } from './plan-warning.js';
import type { ToolSet } from './tool-map.js';
import { JsonPlanParser } from './json-plan-parser.js';
import { TextPlanParser } from './text-plan-parser.js';

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
}

/** Options of {@link createPlanParser} and {@link parsePlan}. */
export interface CreatePlanParserOptions extends PlanParserOptions {
  /**
   * `'text'`: the paper's numbered-call format. `'json'`: `{ id, tool, args, thought? }` objects, as an
   * array, an object holding a `tasks` (or `plan`, `steps`) array, or one object per line.
   * @default 'text'
   */
  readonly format?: 'text' | 'json' | undefined;
}

/**
 * A streaming plan parser: push the model's text as it arrives, get each task the moment it is complete.
 */
export interface PlanParser {
  /** Adds text; returns what it completed, in order. */
  push(chunk: string): readonly PlanEvent[];
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
}

/**
 * Creates a streaming plan parser.
 *
 * @example
 * ```ts
 * const parser = createPlanParser({ tools: [search, math] });
 * for await (const chunk of modelStream) {
 *   for (const event of parser.push(chunk)) if (event.type === 'task') dispatch(event.task);
 * }
 * parser.end();
 * ```
 */
export function createPlanParser(options: CreatePlanParserOptions): PlanParser {
  return options.format === 'json' ? new JsonPlanParser(options) : new TextPlanParser(options);
}

/**
 * Parses a whole plan.
 *
 * @example
 * ```ts
 * const { tasks, warnings, errors } = parsePlan('1. search("Mariana Trench")\n2. join()', { tools: [search] });
 * ```
 */
export function parsePlan(text: string, options: CreatePlanParserOptions): PlanParseResult {
  const parser = createPlanParser(options);
  return collectPlan([...parser.push(text), ...parser.end()]);
}

/**
 * Parses a plan from a stream of text chunks, yielding each event as soon as it is known.
 */
export async function* parsePlanStream(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CreatePlanParserOptions,
): AsyncGenerator<PlanEvent, void, undefined> {
  const parser = createPlanParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/** Gathers plan events into a {@link PlanParseResult}. */
export function collectPlan(events: Iterable<PlanEvent>): PlanParseResult {
  const tasks: Task[] = [];
  const warnings: PlanWarning[] = [];
  const errors: PlanError[] = [];
  let thought: string | undefined;
  let end: PlanEndReason = 'eof';
  for (const event of events) {
    switch (event.type) {
      case 'task':
        tasks.push(event.task);
        if (event.task.error !== undefined) errors.push(event.task.error);
        break;
      case 'warning':
        warnings.push(event.warning);
        break;
      case 'error':
        errors.push(event.error);
        break;
      case 'end':
        thought = event.thought;
        end = event.reason;
        break;
    }
  }
  return { tasks, warnings, errors, thought, end };
}
