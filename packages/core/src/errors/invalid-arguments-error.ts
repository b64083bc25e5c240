import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';
import { located } from './plan-syntax-error.js';

const marker = 'llmcompiler.error.InvalidArgumentsError';
const symbol = Symbol.for(marker);

/**
 * A call whose arguments do not fit its tool: more positional arguments than the input schema has
 * properties, an unknown or repeated keyword, or an input schema that is not an object.
 */
export class InvalidArgumentsError extends PlanError {
  private readonly [symbol] = true;

  /** `problem`: how the arguments do not fit, with what was expected and what came. */
  constructor({ problem, ...location }: PlanErrorLocation & { problem: string }) {
    super('InvalidArgumentsError', 'invalid-arguments', located(location, problem), location);
  }
  static override isInstance(error: unknown): error is InvalidArgumentsError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
