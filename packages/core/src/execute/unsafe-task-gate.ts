import type { FinishReason } from '../model/language-model.js';
import type { PlanEndReason } from '../plan/plan-event.js';
import type { SideEffects } from '../tool/tool.js';

/**
 * When tasks may start while the plan is still streaming.
 * - `'safe'`: tools with `sideEffects: 'none'` or `'idempotent'` start as soon as their inputs exist;
 *   `'unsafe'` tools wait until the plan has ended cleanly, and never run if it did not.
 * - `'all'`: every task starts as soon as its inputs exist.
 * - `'none'`: nothing starts before the plan has ended cleanly.
 */
export type EagerMode = 'safe' | 'all' | 'none';

/**
 * Whether a task of a tool with `sideEffects` must wait for its plan to end cleanly before it starts. A
 * plan may be cut off at any token (a length limit, a content filter, a dropped connection, an abort), and
 * a tool with side effects must never act on a plan that was not finished.
 */
export function waitsForCleanPlanEnd(eager: EagerMode, sideEffects: SideEffects): boolean {
  return eager === 'none' || (eager === 'safe' && sideEffects === 'unsafe');
}

/**
 * Whether a plan ended cleanly, which releases the tasks held for it: the plan reached `join()` and the
 * model stopped on its own (a stop sequence, or the end of its tool calls). Anything else, and the held
 * tasks are skipped.
 */
export function isCleanPlanEnd(end: PlanEndReason, finishReason: FinishReason | undefined): boolean {
  return end === 'join' && (finishReason === 'stop' || finishReason === 'tool-calls');
}
