import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ReferencePathError';
const symbol = Symbol.for(marker);

/**
 * A reference's path does not exist in the referenced result (`$1.nope`), or names a property that is never
 * read (`__proto__`, `constructor`, `prototype`). The task that holds the reference fails with this error.
 */
export class ReferencePathError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The task whose argument holds the reference, when known. */
  readonly taskId: number | undefined;
  /** The reference as written, e.g. `$1.rows[3]`. */
  readonly reference: string;
  /** The keys (or, for an array, the length) of the value the failing step was read from. */
  readonly availableKeys: readonly string[];

  /** `problem`: what the path cannot read, and what the value at that point holds. */
  constructor({
    reference,
    taskId,
    problem,
    availableKeys = [],
  }: {
    reference: string;
    taskId?: number | undefined;
    problem: string;
    availableKeys?: readonly string[] | undefined;
  }) {
    super('ReferencePathError', `${taskId === undefined ? '' : `Task ${taskId}: `}\`${reference}\` ${problem}`);
    this.taskId = taskId;
    this.reference = reference;
    this.availableKeys = availableKeys;
  }

  static override isInstance(error: unknown): error is ReferencePathError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
