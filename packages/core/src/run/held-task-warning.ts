import { NO_EVENTS, type PlanEvent } from '../plan/plan-event.js';
import { listNames } from '../util/describe-value.js';
import type { RunContext } from './run-context.js';

/** The runs that have warned already, by their scheduler (one per run). */
const warnedRuns = new WeakSet<object>();

/**
 * The `held-undeclared-side-effects` warning, once per run: the tasks of this round that the plan held back
 * while it streamed only because their tools do not declare `sideEffects` (so count as `'unsafe'`), though
 * their inputs were ready. Called when the plan's stream has ended, before the plan is ended, so a task
 * counts only if it was waiting then with every dependency done; under `eager: 'all'` nothing waits, and
 * under `'none'` everything does, whatever the tool declares.
 *
 * @returns The warning as a plan event, or no events.
 */
export function heldTaskWarning(context: RunContext, taskIds: readonly number[]): readonly PlanEvent[] {
  const { settings, scheduler } = context;
  if ((settings.eager ?? 'safe') !== 'safe' || warnedRuns.has(scheduler)) return NO_EVENTS;
  const held: number[] = [];
  const tools = new Set<string>();
  for (const id of taskIds) {
    // Most tasks have settled by now: the status decides before the tool is looked up.
    const record = scheduler.record(id);
    if (record?.status !== 'waiting') continue;
    const tool = settings.tools.get(record.task.tool);
    if (tool === undefined || tool.sideEffects !== 'unsafe' || tool.sideEffectsDeclared) continue;
    const ready = record.task.dependencies.every((dependency) => scheduler.record(dependency)?.outcome === 'ok');
    if (!ready) continue;
    held.push(id);
    tools.add(tool.name);
  }
  if (held.length === 0) return NO_EVENTS;
  warnedRuns.add(scheduler);
  const names = listNames([...tools].map((name) => `\`${name}\``));
  const message =
    `${held.length === 1 ? 'Task' : 'Tasks'} ${listNames(held)} waited for the plan to end though ${held.length === 1 ? 'its inputs were' : 'their inputs were'} ready, ` +
    `only because ${tools.size === 1 ? 'tool' : 'tools'} ${names} ${tools.size === 1 ? 'does' : 'do'} not declare \`sideEffects\` (so ${tools.size === 1 ? 'counts' : 'count'} as 'unsafe'). ` +
    "To start such tasks while the plan streams, declare `sideEffects: 'none'` (reads only) or `'idempotent'` (safe to repeat) in `tool()`, " +
    "or pass `eager: 'all'` to `createCompiler`.";
  return [{ type: 'warning', warning: { code: 'held-undeclared-side-effects', message, taskId: held[0] } }];
}
