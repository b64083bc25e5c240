import { ToolSelectionError } from '../errors/tool-selection-error.js';
import type { TaskRecord } from '../execute/task-record.js';
import type { AnyTool } from '../tool/tool.js';
import { raceAbort } from '../util/abortable.js';
import type { RunContext } from './run-context.js';

/**
 * The tools the planner of round `round` is shown: all of them without `selectTools`, else the selector's
 * choice, checked and put in the compiler's order (so that equal selections make equal prompts).
 *
 * @returns `undefined` when there is no selector (the planner sees every tool).
 * @throws {ToolSelectionError} when the selector throws, or returns anything but a subset of the tools.
 * @throws the signal's reason when the run is aborted while the selector works.
 */
export async function selectRoundTools(context: RunContext, round: number): Promise<readonly AnyTool[] | undefined> {
  const { settings, scheduler, signal } = context;
  const { selectTools } = settings;
  if (selectTools === undefined) return undefined;
  const tasks: TaskRecord[] = [];
  for (const done of context.rounds) for (const id of done.taskIds) tasks.push(scheduler.record(id)!);
  const availableTools = settings.toolList.map((tool) => tool.name);
  let selection: unknown;
  try {
    // An abort ends the wait at once, even for a selector that ignores its signal.
    selection = await raceAbort(
      selectTools({ question: context.question, history: context.history, round, rounds: [...context.rounds], tasks, tools: settings.toolList, signal }),
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new ToolSelectionError({ round, failure: 'threw', received: error, availableTools });
  }
  if (!Array.isArray(selection)) throw new ToolSelectionError({ round, failure: 'not-a-list', received: selection, availableTools });
  const chosen = new Set<AnyTool>();
  for (const [index, item] of (selection as unknown[]).entries()) {
    const name = typeof item === 'string' ? item : nameOf(item);
    if (name === undefined) throw new ToolSelectionError({ round, failure: 'not-a-list', received: item, availableTools, index });
    const tool = settings.tools.get(name);
    if (tool === undefined) throw new ToolSelectionError({ round, failure: 'unknown-tool', received: selection, availableTools, tool: name });
    if (typeof item !== 'string' && item !== tool) throw new ToolSelectionError({ round, failure: 'foreign-tool', received: selection, availableTools, tool: name });
    chosen.add(tool);
  }
  return settings.toolList.filter((tool) => chosen.has(tool));
}

/** The name of something that looks like a tool, or `undefined`. */
function nameOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const { name } = item as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}
