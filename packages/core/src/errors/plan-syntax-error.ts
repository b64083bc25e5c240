import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.PlanSyntaxError';
const symbol = Symbol.for(marker);

/**
 * Plan text that cannot be read: a call whose parenthesis or string never closes, arguments that are not a
 * list of values, a JSON task that is not valid JSON.
 */
export class PlanSyntaxError extends PlanError {
  private readonly [symbol] = true;

  /** `problem`: what could not be read, with what was expected and what came. */
  constructor({ problem, ...location }: PlanErrorLocation & { problem: string }) {
    super('PlanSyntaxError', 'syntax', located(location, problem), location);
  }
  static override isInstance(error: unknown): error is PlanSyntaxError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}

/** `Task 3: problem`, or `Line 7: problem` when the problem belongs to no task. */
export function located(location: PlanErrorLocation, problem: string): string {
  if (location.taskId !== undefined) return `Task ${location.taskId}: ${problem}`;
  if (location.line !== undefined) return `Line ${location.line}: ${problem}`;
  return problem;
}
