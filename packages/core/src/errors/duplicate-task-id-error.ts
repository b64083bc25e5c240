import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.DuplicateTaskIdError';
const symbol = Symbol.for(marker);

/** Two tasks of a plan (or of two rounds of one run) share an id. The later one is not added. */
export class DuplicateTaskIdError extends PlanError {
  private readonly [symbol] = true;

  /** The repeated id. */
  readonly id: number;

  constructor(id: number, message: string, location: PlanErrorLocation = {}) {
    super('DuplicateTaskIdError', 'duplicate-id', message, location);
    this.id = id;
  }
  static override isInstance(error: unknown): error is DuplicateTaskIdError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
