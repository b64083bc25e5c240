import type { RunContext } from './run-context.js';
import type { ModelRequest } from '../model/language-model.js';

/** Calls a model through the run's `modelCall` wrapper (see `RunInstrumentation`), when it has one. */
export function callModel(
  context: RunContext,
  { role, round, model, request }: { role: 'planner' | 'joiner'; round: number; model: string; request: ModelRequest },
  stream: () => Promise<void>,
): Promise<void> {
  const around = context.runOptions.instrumentation?.modelCall;
  return around === undefined ? stream() : around({ runId: context.run.id, role, round, model, request }, stream);
}
