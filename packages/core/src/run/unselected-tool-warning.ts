import type { Task } from '../graph/task.js';
import { NO_EVENTS, type PlanEvent } from '../plan/plan-event.js';
import type { AnyTool } from '../tool/tool.js';
import { listNames } from '../util/describe-value.js';
import type { RunContext } from './run-context.js';

/**
 * The `unselected-tool` warning of a task: it calls a tool of the compiler that `selectTools` did not show
 * the planner this round (a model that knows the tool from an earlier round, or guessed its name). The task
 * runs all the same; the warning says the selector missed a tool the plan needed. A tool the compiler does
 * not have is a plan error of the task instead (`UnknownToolError`), not this warning.
 *
 * @returns The warning as a plan event, or no events.
 */
export function unselectedToolWarning(
  context: RunContext,
  { round, task, selected }: { readonly round: number; readonly task: Task; readonly selected: readonly AnyTool[] },
): readonly PlanEvent[] {
  const tool = context.settings.tools.get(task.tool);
  if (tool === undefined || selected.includes(tool)) return NO_EVENTS;
  const shown = listNames(selected.map((item) => `\`${item.name}\``));
  const message =
    `Task ${task.id} calls \`${tool.name}\`, which \`selectTools\` did not show the planner in round ${round} (it showed ${shown}); ` +
    `the task runs, since \`${tool.name}\` is one of the compiler's tools. A selector that misses the tools a plan needs costs accuracy: ` +
    'a built-in one can show more tools (`k`) or always show this one (`always`).';
  return [{ type: 'warning', warning: { code: 'unselected-tool', message, taskId: task.id } }];
}
