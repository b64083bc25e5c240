// The live view lives apart from the plain and JSON views so that only a run on a terminal loads log-update.
import type { RunEvent, TaskOutcome } from '@llmcompiler/core';
import { createLogUpdate } from 'log-update';
import { seconds, shortResult, type RunView, type ViewStream } from './view.js';

interface TaskLine {
  readonly id: number;
  readonly source: string;
  state: 'waiting' | 'running' | TaskOutcome;
  /** `performance.now()` when it started, and its run time once ended. */
  startedAt?: number;
  tookMs?: number;
  detail?: string;
}

const MARKS: Record<TaskLine['state'], string> = { waiting: '·', running: '▶', ok: '✔', error: '✖', timeout: '⏱', aborted: '■', skipped: '–' };
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The live view for a terminal, redrawn in place with `log-update`: the plan as it streams, each task's
 * state and elapsed time, and the answer as it is written. `refreshMs` redraws the running tasks' times.
 */
export function liveView(out: ViewStream & NodeJS.WritableStream, question: string, refreshMs = 100): RunView {
  const draw = createLogUpdate(out, { showCursor: false });
  const tasks = new Map<string, TaskLine>();
  let plan = '';
  let round = 1;
  let phase = 'planning';
  let answer = '';
  let frame = 0;
  const render = () => {
    const width = Math.max(40, (out.columns ?? 100) - 2);
    const cut = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
    const lines = [cut(`Question: ${question}`), '', `Plan (round ${round}, ${phase}):`];
    for (const planLine of plan.split('\n').filter((text) => text.trim() !== '').slice(-8)) lines.push(cut(`  ${planLine}`));
    lines.push('', 'Tasks:');
    if (tasks.size === 0) lines.push('  (none yet)');
    const now = performance.now();
    for (const task of tasks.values()) {
      const mark = task.state === 'running' ? SPINNER[frame % SPINNER.length] : MARKS[task.state];
      const time = task.state === 'running' ? seconds(now - task.startedAt!) : task.tookMs === undefined ? '' : seconds(task.tookMs);
      const detail = task.detail === undefined ? '' : `  ${task.detail}`;
      lines.push(cut(`  ${mark} ${String(task.id).padStart(2)}. ${task.source}  ${task.state} ${time}${detail}`));
    }
    if (answer !== '') lines.push('', 'Answer:', answer);
    draw(lines.join('\n'));
  };
  const timer = setInterval(() => {
    frame++;
    if ([...tasks.values()].some((task) => task.state === 'running')) render();
  }, refreshMs);
  render();
  return {
    event: (event) => {
      switch (event.type) {
        case 'plan-start':
          round = event.round;
          plan = '';
          phase = 'planning';
          break;
        case 'plan-token':
          plan += event.text;
          break;
        case 'task-planned':
          tasks.set(`${event.round}:${event.task.id}`, { id: event.task.id, source: event.task.source, state: 'waiting' });
          break;
        case 'task-start': {
          const task = tasks.get(`${event.record.round}:${event.record.task.id}`);
          if (task !== undefined && task.state === 'waiting') {
            task.state = 'running';
            task.startedAt = performance.now();
          }
          break;
        }
        case 'task-end': {
          const { record } = event;
          const task = tasks.get(`${record.round}:${record.task.id}`);
          if (task === undefined) break;
          task.state = record.outcome ?? 'error';
          if (task.startedAt !== undefined) task.tookMs = performance.now() - task.startedAt;
          task.detail = shortResult(record.outcome === 'ok' ? record.value : record.error, 60);
          break;
        }
        case 'plan-end':
          phase = `ended: ${event.reason}`;
          break;
        case 'join-start':
          phase = 'joiner reading the results';
          break;
        case 'answer-delta':
          answer += event.text;
          break;
        case 'replan':
          answer = '';
          break;
        case 'run-end':
          phase = event.status;
          break;
        default:
          return;
      }
      render();
    },
    close: () => {
      clearInterval(timer);
      render();
      draw.done();
    },
  };
}
