import type { EventQueue } from './event-queue.js';
import type { PlanEvent } from './plan-event.js';
import type { ToolCallDelta } from './plan-parser.js';

/**
 * What a parser of a text or JSON plan does with a piece of a native tool call: such a call is not part of
 * the plan, so it is reported once, on its first piece, as an `ignored-tool-call` warning; nothing is
 * dropped silently.
 */
export function ignoreToolCall(delta: ToolCallDelta, seen: Set<number>, events: EventQueue, format: 'text' | 'json'): readonly PlanEvent[] {
  if (!seen.has(delta.index)) {
    seen.add(delta.index);
    const call = delta.name === undefined || delta.name === '' ? 'a native tool call' : `a native tool call to \`${delta.name}\``;
    events.push({
      type: 'warning',
      warning: { code: 'ignored-tool-call', message: `Ignored ${call}: the planner writes ${format} plans, not tool calls` },
    });
  }
  return events.drain();
}
