/** An approach made as many LLM calls as it may (`RunContext.maxSteps`) without reaching an answer. */
export class StepLimitError extends Error {
  override readonly name = 'StepLimitError';
  /** The limit that was reached. */
  readonly maxSteps: number;

  constructor(maxSteps: number) {
    super(
      `Expected a final answer within ${maxSteps} LLM call${maxSteps === 1 ? '' : 's'} (maxSteps), ` +
        'got tool calls from every one of them',
    );
    this.maxSteps = maxSteps;
  }
}
