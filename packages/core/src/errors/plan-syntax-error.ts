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

  constructor(message: string, location: PlanErrorLocation = {}) {
    super('PlanSyntaxError', 'syntax', message, location);
  }
  static override isInstance(error: unknown): error is PlanSyntaxError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
