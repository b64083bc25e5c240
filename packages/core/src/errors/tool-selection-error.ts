import { describeError } from '../util/describe-error.js';
import { describeValue } from '../util/describe-value.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolSelectionError';
const symbol = Symbol.for(marker);

/**
 * What went wrong in `selectTools`: it threw (or its promise rejected), it returned something that is not a
 * list of tools or tool names, a name that is not one of the compiler's tools, or a tool object that is not
 * the compiler's own.
 */
export type ToolSelectionFailure = 'threw' | 'not-a-list' | 'unknown-tool' | 'foreign-tool';

/** The fields of a {@link ToolSelectionError}. */
export interface ToolSelectionErrorFields {
  /** The round whose planner the tools were selected for, from 1. */
  readonly round: number;
  readonly failure: ToolSelectionFailure;
  /** What the selector returned, or the item of it that is wrong (or, when it threw, what it threw). */
  readonly received: unknown;
  /** The names of the compiler's tools: what a returned name must be one of. */
  readonly availableTools: readonly string[];
  /** The name that is not one of the compiler's tools (`unknown-tool`, `foreign-tool`). */
  readonly tool?: string | undefined;
  /** With `not-a-list`: where in the returned list `received`, neither a tool nor a name, was. */
  readonly index?: number | undefined;
}

/**
 * The compiler's `selectTools` failed: it threw, or it returned something other than a subset of the
 * compiler's tools. The run fails with this error (an abort while selecting aborts the run instead). What
 * the selector threw is the `cause`.
 *
 * @example
 * ```ts
 * // ToolSelectionError: Expected `selectTools` to return a subset of the compiler's tools (tools or their
 * // names) in round 1, got `serch`, which is not one of the compiler's tools (search, math)
 * if (ToolSelectionError.isInstance(error)) console.error(error.round, error.failure);
 * ```
 */
export class ToolSelectionError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The round whose planner the tools were selected for, from 1. */
  readonly round: number;
  readonly failure: ToolSelectionFailure;
  /** What the selector returned, the item of it that is wrong, or what it threw. */
  readonly received: unknown;
  /** The names of the compiler's tools. */
  readonly availableTools: readonly string[];
  /** The name that is not one of the compiler's tools (`unknown-tool`, `foreign-tool`). */
  readonly tool: string | undefined;

  constructor({ round, failure, received, availableTools, tool, index }: ToolSelectionErrorFields) {
    const expected = `Expected \`selectTools\` to return a subset of the compiler's tools (tools or their names) in round ${round}`;
    const names = availableTools.length > 0 ? availableTools.join(', ') : 'none';
    const message =
      failure === 'threw'
        ? `\`selectTools\` threw in round ${round}: ${describeError(received)}`
        : failure === 'not-a-list'
          ? `${expected}, got ${describeValue(received)}${index === undefined ? '' : ` at index ${index} of the list`}`
          : failure === 'unknown-tool'
            ? `${expected}, got \`${tool}\`, which is not one of the compiler's tools (${names})`
            : `${expected}, got a tool named \`${tool}\` that is not the compiler's own tool of that name: return the tool from \`context.tools\`, or its name`;
    super('ToolSelectionError', message, failure === 'threw' ? { cause: received } : undefined);
    this.round = round;
    this.failure = failure;
    this.received = received;
    this.availableTools = availableTools;
    this.tool = tool;
  }

  static override isInstance(error: unknown): error is ToolSelectionError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
