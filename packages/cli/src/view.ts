import type { RunEvent } from '@llmcompiler/core';

/** Where a view writes: `process.stdout`, or any stream with `write`. */
export interface ViewStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** Shows a run as it goes: one of {@link jsonView}, {@link plainView}, or `liveView` (in live-view.ts). */
export interface RunView {
  /** Called with every event of the run, in order. */
  event(event: RunEvent): void;
  /** Called once the run has settled, before the answer or error is printed. */
  close(): void;
}

/** Each event as one line of JSON; errors as `{ name, message }`. */
export function jsonView(out: ViewStream): RunView {
  return {
    event: (event) => out.write(`${toJSONLine(event)}\n`),
    close: () => {},
  };
}

/** `value` as one line of JSON: errors as their name and message, bigints as strings, cycles cut. */
export function toJSONLine(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Error) return { name: item.name, message: item.message };
    if (typeof item === 'bigint') return item.toString();
    if (item !== null && typeof item === 'object') {
      if (seen.has(item)) return '[Circular]';
      seen.add(item);
    }
    return item;
  });
}

/** `ms` as seconds with two decimals: `1.25 s`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** A short text of a task's value or error, on one line. */
export function shortResult(value: unknown, max = 80): string {
  const text = (value instanceof Error ? value.message : typeof value === 'string' ? value : toJSONLine(value) ?? String(value)).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line per step, stamped with the time since the run started: for logs and pipes. */
export function plainView(out: ViewStream): RunView {
  const line = (time: number, text: string) => out.write(`[${seconds(time).padStart(8)}] ${text}\n`);
  return {
    event: (event) => {
      switch (event.type) {
        case 'plan-start':
          return line(event.time, `planner: round ${event.round}`);
        case 'task-planned':
          return line(event.time, `  planned  ${event.task.id}. ${event.task.source}`);
        case 'task-start':
          return line(event.time, `  started  task ${event.record.task.id}`);
        case 'task-end': {
          const { record } = event;
          return line(event.time, `  ${String(record.outcome).padEnd(8)} task ${record.task.id}: ${shortResult(record.outcome === 'ok' ? record.value : record.error)}`);
        }
        case 'plan-end':
          return line(event.time, `planner: plan ended (${event.reason})`);
        case 'join-start':
          return line(event.time, 'joiner: reading the results');
        case 'replan':
          return line(event.time, `joiner: plans again: ${shortResult(event.feedback)}`);
        case 'run-end':
          return line(event.time, `run ${event.status}`);
        default:
          return undefined;
      }
    },
    close: () => {},
  };
}
