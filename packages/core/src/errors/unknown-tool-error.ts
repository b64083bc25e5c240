import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.UnknownToolError';
const symbol = Symbol.for(marker);

/** A task calls a tool that the plan was not given. The task fails; the rest of the plan goes on. */
export class UnknownToolError extends PlanError {
  private readonly [symbol] = true;

  /** The tool name the model wrote. */
  readonly tool: string;
  /** The names of the tools that exist. */
  readonly availableTools: readonly string[];

  constructor({ tool, availableTools, ...location }: PlanErrorLocation & { tool: string; availableTools: readonly string[] }) {
    super(
      'UnknownToolError',
      'unknown-tool',
      `Task ${location.taskId ?? '?'} calls unknown tool \`${tool}\`; expected one of: ${availableTools.length > 0 ? availableTools.join(', ') : '(no tools)'}`,
      location,
    );
    this.tool = tool;
    this.availableTools = availableTools;
  }
  static override isInstance(error: unknown): error is UnknownToolError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
