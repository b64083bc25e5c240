import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.PlanError';
const symbol = Symbol.for(marker);

/** What kind of problem a {@link PlanError} reports. */
export type PlanErrorCode =
  | 'syntax'
  | 'unknown-tool'
  | 'invalid-reference'
  | 'duplicate-id'
  | 'invalid-arguments'
  | 'too-many-tasks';

/** Where in the plan a problem sits. */
export interface PlanErrorLocation {
  /** The id of the task the problem belongs to, when it belongs to one. */
  readonly taskId?: number | undefined;
  /** 1-based line of the plan text where the problem starts, when known. */
  readonly line?: number | undefined;
}

/**
 * A problem in a plan written by the model. Plan errors never crash a parse: a task that carries one is
 * still part of the plan (its error becomes its observation), and errors that belong to no task are
 * reported in the parse result's `errors`.
 */
export class PlanError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** What kind of problem this is. */
  readonly code: PlanErrorCode;
  /** The task this problem belongs to, if any. */
  readonly taskId: number | undefined;
  /** 1-based line of the plan text, if known. */
  readonly line: number | undefined;

  constructor(
    name: string,
    code: PlanErrorCode,
    message: string,
    location: PlanErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(name, message, options);
    this.code = code;
    this.taskId = location.taskId;
    this.line = location.line;
  }

  static override isInstance(error: unknown): error is PlanError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
