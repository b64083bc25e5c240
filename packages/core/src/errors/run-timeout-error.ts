import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.RunTimeoutError';
const symbol = Symbol.for(marker);

/** A run took longer than its `timeoutMs`; it was aborted with this error as the reason. */
export class RunTimeoutError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly timeoutMs: number;

  constructor({ timeoutMs }: { timeoutMs: number }) {
    super('RunTimeoutError', `The run did not finish within its timeout of ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(error: unknown): error is RunTimeoutError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
