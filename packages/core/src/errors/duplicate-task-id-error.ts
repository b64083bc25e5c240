import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.DuplicateTaskIdError';
const symbol = Symbol.for(marker);

/** The fields of a {@link DuplicateTaskIdError}. */
export interface DuplicateTaskIdErrorFields extends PlanErrorLocation {
  /** The repeated id. */
  readonly id: number;
  /** The call that came second, as written. */
  readonly source: string;
  /** The call that holds the id, as written; `undefined` when it is a task of an earlier round. */
  readonly earlierSource: string | undefined;
  /** The id the second call should have had, when known. */
  readonly expectedId?: number | undefined;
}

/** Two tasks of a plan (or of two rounds of one run) share an id. The later one is not added. */
export class DuplicateTaskIdError extends PlanError {
  private readonly [symbol] = true;

  /** The repeated id. */
  readonly id: number;

  constructor({ id, source, earlierSource, expectedId, ...location }: DuplicateTaskIdErrorFields) {
    const earlier = earlierSource === undefined ? 'a task of an earlier round' : `\`${earlierSource}\``;
    super(
      'DuplicateTaskIdError',
      'duplicate-id',
      `Task ${id} is defined twice: ${earlier} already has id ${id}, so \`${source}\` is not added${expectedId === undefined ? '' : `; expected id ${expectedId}`}`,
      { line: location.line, taskId: location.taskId ?? id },
    );
    this.id = id;
  }
  static override isInstance(error: unknown): error is DuplicateTaskIdError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
