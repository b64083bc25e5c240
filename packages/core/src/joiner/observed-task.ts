/**
 * A task that has run (or failed, or was skipped), as the joiner and a replanning planner are shown it.
 */
export interface ObservedTask {
  /** The task's id (`3` for `$3`). */
  readonly id: number;
  /** The tool it called. */
  readonly tool: string;
  /** The call as the plan wrote it, e.g. `search("Mariana Trench")`. */
  readonly source: string;
  /** The planner's `Thought:` for the task, if any. */
  readonly thought?: string | undefined;
  /**
   * What came of it, already made text (and usually cut; see `formatObservation`): the result, or the
   * error message when `failed`, or why it did not run when `skipped`.
   */
  readonly observation: string;
  /** Whether the task failed: `observation` is then its error. */
  readonly failed?: boolean | undefined;
  /** Whether the task never ran (a task it needed failed, say): `observation` then says why. */
  readonly skipped?: boolean | undefined;
}

/**
 * Renders tasks for a prompt, each as its optional thought, `N. <call>` and an indented observation line
 * labelled `Observation:`, `Error:` or `Skipped:`. Lines that continue a call or an observation are
 * indented, so that the next task's number stands out.
 *
 * @example
 * ```ts
 * renderObservedTasks([{ id: 1, tool: 'search', source: 'search("Mariana Trench")', observation: '10,994 m deep' }]);
 * // 1. search("Mariana Trench")
 * //    Observation: 10,994 m deep
 * ```
 */
export function renderObservedTasks(tasks: readonly ObservedTask[]): string {
  // One string built in a pass: a plan may have thousands of tasks.
  let text = '';
  for (const task of tasks) {
    if (text !== '') text += '\n';
    const thought = task.thought?.trim();
    if (thought !== undefined && thought !== '') text += `Thought: ${indent(thought)}\n`;
    const label = task.skipped === true ? 'Skipped' : task.failed === true ? 'Error' : 'Observation';
    text += `${task.id}. ${indent(task.source.trim())}\n   ${label}: ${task.observation === '' ? '(empty)' : indent(task.observation)}`;
  }
  return text;
}

function indent(text: string): string {
  return text.includes('\n') ? text.replaceAll('\n', '\n   ') : text;
}
