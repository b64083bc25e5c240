import type { PlanError } from '../errors/plan-error.js';
import type { Task } from '../graph/task.js';
import { optionChecks } from '../options/check-option.js';
import { JsonPlanParser } from './json-plan-parser.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
import type { CreatePlanParserOptions, PlanParseResult, PlanParser } from './plan-parser.js';
import type { PlanWarning } from './plan-warning.js';
import { TextPlanParser } from './text-plan-parser.js';
import { ToolCallPlanParser } from './tool-call-plan-parser.js';

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
 *
 * @throws {InvalidOptionError} for a `format` that is not `'text'`, `'json'` or `'tool-calls'`, or a limit out
 * of range.
 */
export function createPlanParser(options: CreatePlanParserOptions): PlanParser {
  const check = optionChecks();
  if (options.maxTasks !== undefined) check.limit('maxTasks', options.maxTasks);
  if (options.maxNesting !== undefined) check.integer('maxNesting', options.maxNesting, 1);
  switch (check.oneOf('format', options.format ?? 'text', ['text', 'json', 'tool-calls'])) {
    case 'json':
      return new JsonPlanParser(options);
    case 'tool-calls':
      return new ToolCallPlanParser(options);
    default:
      return new TextPlanParser(options);
  }
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
  let answer: PlanAnswer | undefined;
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
        answer = event.answer;
        end = event.reason;
        break;
    }
  }
  return { tasks, warnings, errors, thought, end, answer };
}
