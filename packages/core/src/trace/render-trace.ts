import type { TaskRecord } from '../execute/task-record.js';
import type { TokenUsage } from '../model/language-model.js';
import type { RunEvent } from '../run/run-event.js';
import type { RunResult } from '../run/run-result.js';
import { criticalPath, type CriticalStep } from './critical-path.js';
import { escapeHtml } from './escape-html.js';
import { readTrace, type TraceData, type TraceRound } from './read-trace.js';
import { showError, showValue } from './show-value.js';
import { TRACE_SCRIPT } from './trace-script.js';
import { TRACE_STYLE } from './trace-style.js';

/** The options of {@link renderTrace}. */
export interface RenderTraceOptions {
  /**
   * The page's title.
   *
   * @default 'llmcompiler trace: ' and the question
   */
  readonly title?: string | undefined;
}

/**
 * Renders a run as one self-contained HTML page (inline CSS and script, nothing loaded from the network; a
 * Content-Security-Policy forbids it) to open in any browser:
 *
 * - a Gantt chart per round: the planner's stream (a mark where each task's call was complete), every task
 *   (waiting for its inputs from when it was planned, queued once ready, running from its first call to its
 *   end, coloured by outcome) and the joiner;
 * - the graph of tasks and their references (`$1` → task 3);
 * - the critical path: the chain of planner, tasks and joiner that the answer waited on;
 * - token usage per model call and in all;
 * - on a click on a task (its row, bar or node), its call, thought, timings, input, and its output or error;
 *   on the planner or joiner, the plan text or the decision.
 *
 * Everything shown of the run (the question, plans, inputs, outputs, errors) is escaped: a tool's output is
 * text on the page, never markup. Pass a `RunResult`, or the events of a run that failed or was aborted
 * (`run.events`), or of one still under way.
 *
 * @example
 * ```ts
 * import { renderTrace } from '@llmcompiler/core/trace';
 * import { writeFile } from 'node:fs/promises';
 *
 * const result = await compiler.run(question).result();
 * await writeFile('trace.html', renderTrace(result));
 * ```
 */
export function renderTrace(source: RunResult | readonly RunEvent[], options: RenderTraceOptions = {}): string {
  const trace = readTrace(source);
  const path = criticalPath(trace);
  const criticalTasks = new Set(path.flatMap((step) => (step.kind === 'task' ? [step.id] : [])));
  const total = Math.max(trace.durationMs, 1e-6);
  const title = options.title ?? `llmcompiler trace: ${trace.question}`;
  const view: View = { trace, total, criticalTasks, path };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${TRACE_STYLE}</style>
</head>
<body>
${renderHeader(trace)}
<main>
<section id="timeline"><h2>Timeline</h2>${renderGantt(view)}</section>
<section id="graph"><h2>Task graph</h2>${renderGraph(view)}</section>
<section id="critical-path"><h2>Critical path</h2>${renderCriticalPath(view)}</section>
<section id="usage"><h2>Token usage</h2>${renderUsage(trace)}</section>
</main>
<aside id="details"><h2>Details</h2><p id="details-hint" class="hint">Click a task, the planner or the joiner to see its input, output or error.</p>
${renderDetails(view)}
</aside>
<script>${TRACE_SCRIPT}</script>
</body>
</html>
`;
}

interface View {
  readonly trace: TraceData;
  readonly total: number;
  readonly criticalTasks: ReadonlySet<number>;
  readonly path: readonly CriticalStep[];
}

function renderHeader(trace: TraceData): string {
  const tokens = trace.usage.planner.totalTokens + trace.usage.joiner.totalTokens;
  const outcome =
    trace.status === 'finished'
      ? `<p class="answer" id="answer">${escapeHtml(trace.answer ?? '')}</p>`
      : trace.status === 'running'
        ? ''
        : `<p class="answer error-text" id="run-error">${escapeHtml(showError(trace.error))}</p>`;
  return `<header>
<h1>Run trace</h1>
<p class="question" id="question">${escapeHtml(trace.question)}</p>
<dl class="summary">
<div><dt>status</dt><dd class="status-${trace.status}" id="status">${trace.status}</dd></div>
<div><dt>duration</dt><dd>${formatMs(trace.durationMs)}</dd></div>
<div><dt>rounds</dt><dd>${trace.rounds.length}</dd></div>
<div><dt>tasks</dt><dd>${trace.tasks.length}</dd></div>
<div><dt>model calls</dt><dd>${trace.usage.calls}</dd></div>
<div><dt>tokens</dt><dd>${tokens}</dd></div>
<div><dt>run</dt><dd>${escapeHtml(trace.runId)}</dd></div>
</dl>
${outcome}
</header>`;
}

function renderGantt(view: View): string {
  const { trace } = view;
  const pct = (time: number) => `${((Math.min(Math.max(time, 0), view.total) / view.total) * 100).toFixed(4)}%`;
  const span = (start: number, end: number) => `left:${pct(start)};width:${pct(Math.max(end, start) - start)}`;
  const rows: string[] = [];
  rows.push(
    `<div class="row run-row"><span class="label">run</span><div class="track"><div class="bar run" data-kind="run" data-start="${0}" data-end="${trace.durationMs}" style="${span(0, trace.durationMs)}" title="the run: ${formatMs(trace.durationMs)}"></div></div></div>`,
  );
  for (const round of trace.rounds) {
    rows.push(`<div class="round-head">Round ${round.round}</div>`);
    const plannerEnd = round.planner.end ?? trace.durationMs;
    const marks = round.planned.map((planned) => `<span class="planned-mark" style="left:${pct(planned.time)}" title="task ${planned.id} planned at ${formatMs(planned.time)}"></span>`).join('');
    rows.push(
      `<div class="row planner-row" data-round="${round.round}"><button type="button" class="label" data-detail="planner-${round.round}">planner · ${escapeHtml(round.planner.model)}</button><div class="track"><button type="button" class="bar planner" data-kind="planner" data-round="${round.round}" data-detail="planner-${round.round}" data-start="${round.planner.start}" data-end="${plannerEnd}" style="${span(round.planner.start, plannerEnd)}" title="planner: ${formatMs(plannerEnd - round.planner.start)}"></button>${marks}</div></div>`,
    );
    for (const record of trace.tasks) if (record.round === round.round) rows.push(renderTaskRow(view, record, span));
    const joiner = round.joiner;
    if (joiner !== undefined) {
      const end = joiner.end ?? trace.durationMs;
      const who = joiner.source === 'plan' ? 'answer stated in the plan' : joiner.model === undefined ? 'joiner · function' : `joiner · ${escapeHtml(joiner.model)}`;
      rows.push(
        `<div class="row joiner-row" data-round="${round.round}"><button type="button" class="label" data-detail="joiner-${round.round}">${who}</button><div class="track"><button type="button" class="bar joiner" data-kind="joiner" data-round="${round.round}" data-detail="joiner-${round.round}" data-start="${joiner.start}" data-end="${end}" style="${span(joiner.start, end)}" title="joiner: ${formatMs(end - joiner.start)}"></button></div></div>`,
      );
    }
  }
  const legend = [
    ['--planner', 'planner stream'],
    ['--wait', 'waiting for inputs'],
    ['--queue', 'ready, queued'],
    ['--ok', 'ok'],
    ['--error', 'error'],
    ['--timeout', 'timeout'],
    ['--aborted', 'aborted'],
    ['--skipped', 'skipped'],
    ['--joiner', 'joiner'],
    ['--critical', 'critical path (outline)'],
  ]
    .map(([color, label]) => `<span style="--c:var(${color})">${label}</span>`)
    .join('');
  return `<div class="gantt"><div class="axis"><span></span><div class="track">${renderTicks(view.total, pct)}</div></div>${rows.join('\n')}</div><div class="legend">${legend}<span style="--c:#0b7285">task planned</span></div>`;
}

function renderTaskRow(view: View, record: TaskRecord, span: (start: number, end: number) => string): string {
  const { task } = record;
  const end = record.endedAt ?? view.trace.durationMs;
  const outcome = record.outcome ?? 'pending';
  const critical = view.criticalTasks.has(task.id) ? ' critical' : '';
  const segments: string[] = [];
  const ready = record.readyAt ?? record.startedAt ?? end;
  if (ready > record.plannedAt) segments.push(`<div class="seg waiting" style="${span(record.plannedAt, ready)}" title="waiting for inputs: ${formatMs(ready - record.plannedAt)}"></div>`);
  const started = record.startedAt ?? end;
  if (record.readyAt !== undefined && started > record.readyAt) segments.push(`<div class="seg queued" style="${span(record.readyAt, started)}" title="ready, queued: ${formatMs(started - record.readyAt)}"></div>`);
  const barStart = record.startedAt ?? end;
  const title = `$${task.id} ${task.tool}: ${outcome}${record.startedAt === undefined ? ' (never ran)' : `, ${formatMs(end - barStart)}`}`;
  const bar = `<button type="button" class="bar task outcome-${outcome}${critical}" data-kind="task" data-task-id="${task.id}" data-detail="task-${task.id}" data-start="${barStart}" data-end="${end}" data-outcome="${outcome}" style="${span(barStart, end)}" title="${escapeHtml(title)}"></button>`;
  return `<div class="row task-row" data-task-id="${task.id}"><button type="button" class="label" data-detail="task-${task.id}" title="${escapeHtml(task.source)}">$${task.id} ${escapeHtml(task.tool)}</button><div class="track">${segments.join('')}${bar}</div></div>`;
}

function renderTicks(total: number, pct: (time: number) => string): string {
  const step = niceStep(total / 8);
  const ticks: string[] = [];
  for (let time = 0; time <= total + step / 1e6; time += step) ticks.push(`<span class="tick" style="left:${pct(time)}">${formatMs(time)}</span>`);
  return ticks.join('');
}

/** A step of 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

const NODE_WIDTH = 170;
const NODE_HEIGHT = 40;
const GAP_X = 56;
const GAP_Y = 14;

/** The task graph as SVG: a column per depth (a task sits right of every task it references). */
function renderGraph(view: View): string {
  const { tasks } = view.trace;
  if (tasks.length === 0) return '<p class="hint">No tasks were planned.</p>';
  const byId = new Map(tasks.map((record) => [record.task.id, record]));
  const depth = new Map<number, number>();
  // Tasks reference only earlier ids, so one pass in id order computes each depth from settled ones.
  for (const record of [...tasks].sort((a, b) => a.task.id - b.task.id)) {
    let level = 0;
    for (const id of record.task.dependencies) if (byId.has(id)) level = Math.max(level, (depth.get(id) ?? 0) + 1);
    depth.set(record.task.id, level);
  }
  const columns: number[][] = [];
  for (const record of tasks) (columns[depth.get(record.task.id)!] ??= []).push(record.task.id);
  const position = new Map<number, { x: number; y: number }>();
  columns.forEach((ids, column) => ids.forEach((id, row) => position.set(id, { x: 10 + column * (NODE_WIDTH + GAP_X), y: 10 + row * (NODE_HEIGHT + GAP_Y) })));
  const width = 20 + columns.length * (NODE_WIDTH + GAP_X) - GAP_X;
  const height = 20 + Math.max(...columns.map((ids) => ids.length)) * (NODE_HEIGHT + GAP_Y) - GAP_Y;
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const record of tasks) {
    const to = position.get(record.task.id)!;
    for (const id of record.task.dependencies) {
      const from = position.get(id);
      if (from === undefined) continue;
      const critical = view.criticalTasks.has(id) && view.criticalTasks.has(record.task.id) ? ' critical' : '';
      const x1 = from.x + NODE_WIDTH;
      const y1 = from.y + NODE_HEIGHT / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_HEIGHT / 2;
      const bend = (x2 - x1) / 2;
      edges.push(`<path class="edge${critical}" data-from="${id}" data-to="${record.task.id}" marker-end="url(#arrow)" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}"/>`);
    }
    const outcome = record.outcome ?? 'pending';
    const critical = view.criticalTasks.has(record.task.id) ? ' critical' : '';
    const label = `$${record.task.id} ${record.task.tool}`;
    nodes.push(
      `<g class="node outcome-${outcome}${critical}" data-task-id="${record.task.id}" data-detail="task-${record.task.id}" tabindex="0" role="button" transform="translate(${to.x},${to.y})"><title>${escapeHtml(record.task.source)}</title><rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/><text x="10" y="17">${escapeHtml(clip(label, 22))}</text><text x="10" y="32" fill="#868e96">${outcome} · round ${record.round}</text></g>`,
    );
  }
  return `<div class="graph"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#adb5bd"/></marker></defs>${edges.join('')}${nodes.join('')}</svg></div>`;
}

function renderCriticalPath(view: View): string {
  if (view.path.length === 0) return '<p class="hint">Nothing ran.</p>';
  const records = new Map(view.trace.tasks.map((record) => [record.task.id, record]));
  const items = view.path.map((step) => {
    const length = formatMs(step.end - step.start);
    if (step.kind === 'planner') return `<li data-kind="planner" data-round="${step.round}">planner, round ${step.round}: ${formatMs(step.start)} to ${formatMs(step.end)} (${length})</li>`;
    if (step.kind === 'joiner') return `<li data-kind="joiner" data-round="${step.round}">joiner, round ${step.round}: ${formatMs(step.start)} to ${formatMs(step.end)} (${length})</li>`;
    const record = records.get(step.id);
    return `<li data-kind="task" data-task-id="${step.id}">$${step.id} ${escapeHtml(record?.task.tool ?? '')}: ${formatMs(step.start)} to ${formatMs(step.end)} (${length})</li>`;
  });
  const covered = view.path.reduce((sum, step) => sum + Math.max(0, step.end - step.start), 0);
  return `<ol class="critical-path">${items.join('')}</ol><p class="hint">The steps cover ${formatMs(covered)} of the run's ${formatMs(view.trace.durationMs)}; the rest is time between them (dispatch, the run's own work).</p>`;
}

function renderUsage(trace: TraceData): string {
  const row = (label: string, usage: TokenUsage | undefined) =>
    `<tr><td>${label}</td><td>${usage?.promptTokens ?? '–'}</td><td>${usage?.completionTokens ?? '–'}</td><td>${usage?.totalTokens ?? '–'}</td></tr>`;
  const rows: string[] = [];
  for (const round of trace.rounds) {
    rows.push(row(`planner, round ${round.round} (${escapeHtml(round.planner.model)})`, round.planUsage));
    if (round.joiner !== undefined && round.joiner.source !== 'plan' && round.joiner.model !== undefined) {
      rows.push(row(`joiner, round ${round.round} (${escapeHtml(round.joiner.model)})`, round.joiner.usage));
    }
  }
  const total: TokenUsage = {
    promptTokens: trace.usage.planner.promptTokens + trace.usage.joiner.promptTokens,
    completionTokens: trace.usage.planner.completionTokens + trace.usage.joiner.completionTokens,
    totalTokens: trace.usage.planner.totalTokens + trace.usage.joiner.totalTokens,
  };
  return `<table><thead><tr><th>model call</th><th>prompt</th><th>completion</th><th>total</th></tr></thead><tbody>${rows.join('')}</tbody><tfoot>${row('<strong>total</strong>', total)}</tfoot></table>`;
}

function renderDetails(view: View): string {
  const panels: string[] = [];
  for (const round of view.trace.rounds) {
    panels.push(renderPlannerDetail(round));
    if (round.joiner !== undefined) panels.push(renderJoinerDetail(round));
  }
  for (const record of view.trace.tasks) panels.push(renderTaskDetail(record, view.criticalTasks.has(record.task.id)));
  return panels.join('\n');
}

function renderTaskDetail(record: TaskRecord, critical: boolean): string {
  const { task } = record;
  const timing = (label: string, time: number | undefined) => `<dt>${label}</dt><dd>${time === undefined ? '–' : formatMs(time)}</dd>`;
  const ran = record.startedAt !== undefined && record.endedAt !== undefined ? formatMs(record.endedAt - record.startedAt) : '–';
  let result: string;
  if (record.outcome === 'ok') result = `<h3>Output</h3><pre class="output">${escapeHtml(showValue(record.value))}</pre>`;
  else if (record.outcome === undefined) result = '<p class="hint">Not settled when the log ends.</p>';
  else result = `<h3>Error</h3><pre class="error-text">${escapeHtml(showError(record.error))}</pre>`;
  return `<section class="detail" id="detail-task-${task.id}" data-task-id="${task.id}" hidden>
<h3>$${task.id} ${escapeHtml(task.tool)}: <span class="outcome">${record.outcome ?? 'pending'}</span>${critical ? ' (on the critical path)' : ''}</h3>
<pre class="call">${escapeHtml(task.source)}</pre>
${task.thought === undefined ? '' : `<p class="thought">Thought: ${escapeHtml(task.thought)}</p>`}
<dl><dt>round</dt><dd>${record.round}</dd><dt>depends on</dt><dd>${task.dependencies.length === 0 ? 'nothing' : task.dependencies.map((id) => `$${id}`).join(', ')}</dd>${timing('planned', record.plannedAt)}${timing('ready', record.readyAt)}${timing('started', record.startedAt)}${timing('ended', record.endedAt)}<dt>ran</dt><dd>${ran}</dd><dt>attempts</dt><dd>${record.attempts}</dd></dl>
<h3>Input</h3><pre class="input">${escapeHtml(record.input === undefined ? '(not resolved: the task never started)' : showValue(record.input))}</pre>
${result}
</section>`;
}

function renderPlannerDetail(round: TraceRound): string {
  const { planner } = round;
  return `<section class="detail" id="detail-planner-${round.round}" hidden>
<h3>Planner, round ${round.round}</h3>
<dl><dt>model</dt><dd>${escapeHtml(planner.model)}</dd><dt>called</dt><dd>${formatMs(planner.start)}</dd><dt>ended</dt><dd>${planner.end === undefined ? '–' : formatMs(planner.end)}</dd><dt>plan ended by</dt><dd>${round.planEnd ?? '–'}</dd><dt>tokens</dt><dd>${usageText(round.planUsage)}</dd></dl>
<h3>Plan</h3><pre class="plan">${escapeHtml(round.planText === '' ? '(no text: a plan of native tool calls, or none)' : round.planText)}</pre>
</section>`;
}

function renderJoinerDetail(round: TraceRound): string {
  const joiner = round.joiner!;
  const action = joiner.decision?.action;
  const decision =
    action === undefined ? '(no decision: the run ended first)' : action.type === 'finish' ? `Finish: ${action.answer}` : `Replan: ${action.feedback}`;
  return `<section class="detail" id="detail-joiner-${round.round}" hidden>
<h3>Joiner, round ${round.round}</h3>
<dl><dt>model</dt><dd>${joiner.source === 'plan' ? 'none (the plan stated the answer)' : escapeHtml(joiner.model ?? 'a function')}</dd><dt>called</dt><dd>${formatMs(joiner.start)}</dd><dt>ended</dt><dd>${joiner.end === undefined ? '–' : formatMs(joiner.end)}</dd><dt>tokens</dt><dd>${usageText(joiner.usage)}</dd></dl>
${joiner.decision?.thought === undefined ? '' : `<h3>Thought</h3><pre>${escapeHtml(joiner.decision.thought)}</pre>`}
<h3>Decision</h3><pre class="decision">${escapeHtml(decision)}</pre>
</section>`;
}

function usageText(usage: TokenUsage | undefined): string {
  return usage === undefined ? 'not reported' : `${usage.promptTokens} prompt + ${usage.completionTokens} completion = ${usage.totalTokens}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Milliseconds as a trace shows them: `850 ms`, `1.25 s`. */
function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1000) return `${Math.round(ms * 10) / 10} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
