import { renderObservedTasks } from '../joiner/observed-task.js';
import type { PlanRound } from './plan-round.js';
import type { PlannerFormat } from './planner-format.js';

/**
 * The id the next plan's first task must have: one more than the largest id of any earlier round (1 when
 * there is none), as the plan parsers expect with `existingIds`.
 */
export function nextTaskId(rounds: readonly PlanRound[]): number {
  let max = 0;
  for (const round of rounds) for (const task of round.tasks) max = Math.max(max, task.id);
  return max + 1;
}

/**
 * Renders the earlier rounds of a run for the planner's user message on a replan: each round's tasks (thought,
 * call with its id, observation or error), its last thought and the joiner's feedback, then what to do now:
 * plan only what is missing, continue the numbering at the next id, and refer to earlier results as `$N`
 * rather than running those tasks again.
 */
export function renderPlanRounds(rounds: readonly PlanRound[], format: PlannerFormat): string {
  const next = nextTaskId(rounds);
  const sections = rounds.map((round, index) => {
    const lines = [`Plan ${index + 1}:`];
    lines.push(round.tasks.length === 0 ? '(no tasks)' : renderObservedTasks(round.tasks));
    if (round.thought !== undefined && round.thought.trim() !== '') lines.push(`The planner's last thought: ${round.thought.trim()}`);
    if (round.feedback !== undefined && round.feedback.trim() !== '') lines.push(`Why a new plan is needed: ${round.feedback.trim()}`);
    return lines.join('\n');
  });
  const first =
    format === 'text'
      ? `the first new task is \`${next}. ...\``
      : format === 'json'
        ? `the first new task has \`"id": ${next}\``
        : `your first call is task ${next}, the next one task ${next + 1}, and so on`;
  const last = next - 1;
  const reference = format === 'text' ? `$${last}` : `"$${last}"`;
  const instructions = [
    'Write a new plan for what is still missing. Do not repeat tasks that worked: their results are kept.',
    `The numbering goes on from the plans above: continue at ${next}, so ${first}.`,
  ];
  if (last > 0) {
    instructions.push(
      `You can use any result above by its number, as in the plans (${reference} for task ${last}); those tasks will not be run again.`,
    );
  }
  return [
    'Plans for this question have already run. Their tasks and results:',
    ...sections,
    instructions.join(' '),
  ].join('\n\n');
}
