import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ReplanLimitError';
const symbol = Symbol.for(marker);

/** The joiner asked for another plan after the last round allowed by `maxReplans`. */
export class ReplanLimitError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly maxReplans: number;
  /** What the joiner wanted the next plan to do. */
  readonly feedback: string;

  constructor({ maxReplans, feedback }: { maxReplans: number; feedback: string }) {
    super(
      'ReplanLimitError',
      `The joiner asked to replan after the last allowed round (maxReplans: ${maxReplans}); expected Finish, got Replan(${feedback.length > 200 ? `${feedback.slice(0, 197)}...` : feedback})`,
    );
    this.maxReplans = maxReplans;
    this.feedback = feedback;
  }

  static override isInstance(error: unknown): error is ReplanLimitError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
