import type { Scheduler } from '../execute/scheduler.js';
import { isCleanPlanEnd } from '../execute/unsafe-task-gate.js';
import { resolveReferences } from '../graph/resolve-references.js';
import { valueToText } from '../util/value-to-text.js';
import type { PlannedRound } from './planning-round.js';

/**
 * The answer a round's plan stated, resolved, when it can stand in for the joiner's: the plan ended cleanly
 * (`join` reached, the model stopped normally) without plan errors, its `join` stated an answer that names at
 * least one task, every task it names succeeded, and the answer resolves to text that is not blank.
 * Otherwise `undefined`, and the joiner decides.
 *
 * References resolve as in task arguments: a whole reference gives the value (text as it is, anything else as
 * JSON), a string with references inside is interpolated (strings as they are, other values as JSON).
 */
export function resolvePlanAnswer(planned: PlannedRound, scheduler: Scheduler): string | undefined {
  const stated = planned.planAnswer;
  if (stated === undefined || stated.dependencies.length === 0) return undefined;
  if (!isCleanPlanEnd(planned.planEnd, planned.finishReason) || planned.errors.length > 0) return undefined;
  for (const id of stated.dependencies) if (scheduler.record(id)?.outcome !== 'ok') return undefined;
  let value: unknown;
  try {
    value = resolveReferences(stated.value, (id) => scheduler.record(id)?.value);
  } catch {
    // A path the result does not have (`$3.nope`): the joiner reads the results instead.
    return undefined;
  }
  const answer = typeof value === 'string' ? value : valueToText(value);
  return answer.trim() === '' ? undefined : answer;
}
