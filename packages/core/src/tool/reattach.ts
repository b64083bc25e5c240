import type { AnyTool, ToolContext } from './tool.js';

const REATTACH = Symbol.for('llmcompiler.tool.reattach');

/**
 * How a tool finds a call that an earlier process of the run started: it returns (or waits for) that
 * call's result instead of making the call again, and throws an `EffectUnknownError` when it cannot tell
 * whether the call happened.
 */
export type Reattach = (input: unknown, context: ToolContext) => unknown;

/**
 * `tool`, able to reattach to its calls after its run's process died: a resumed run calls `reattach`
 * instead of `execute` for a call of this tool that was running then, even when the tool is `'unsafe'`
 * (which is otherwise not called again). A remote tool whose calls are jobs with stable ids can; an
 * in-process tool cannot, since its call died with the process.
 */
export function withReattach<T extends AnyTool>(tool: T, reattach: Reattach): T {
  return Object.freeze({ ...tool, [REATTACH]: reattach });
}

/** Whether `tool` was made by {@link withReattach}. */
export function canReattach(tool: AnyTool): boolean {
  return typeof (tool as { [REATTACH]?: unknown })[REATTACH] === 'function';
}

/**
 * `tools` as one run uses them: a tool with side effects waits for `beforeCall` (the journal's write of
 * the call's start) before it is called, and a call listed in `interrupted` (by task id) reattaches to the
 * call an earlier process made. The map is the same when there is nothing to wrap.
 */
export function journaledTools(
  tools: ReadonlyMap<string, AnyTool>,
  { beforeCall, interrupted }: { beforeCall: () => Promise<void>; interrupted: ReadonlySet<number> },
): ReadonlyMap<string, AnyTool> {
  const wrapped = new Map(tools);
  for (const [name, tool] of tools) {
    if (tool.sideEffects !== 'unsafe') continue;
    const reattach = (tool as { [REATTACH]?: Reattach })[REATTACH];
    wrapped.set(name, {
      ...tool,
      execute: async (input: unknown, context: ToolContext) => {
        await beforeCall();
        // The run may have ended while the start was written: the call is not made then.
        context.signal.throwIfAborted();
        return reattach !== undefined && interrupted.has(context.taskId) ? reattach(input, context) : tool.execute(input, context);
      },
    });
  }
  return wrapped;
}
