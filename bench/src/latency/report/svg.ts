import { assignLanes } from './assign-lanes.js';
import {
  element,
  secondsLabel,
  svgDocument,
  text,
  textWidth,
  timeAxis,
  timeScale,
  tooltip,
} from './svg-elements.js';
import type { ApproachName, ApproachSummary, GanttRun, Span, WorkloadReport } from '../types.js';

/** How far an LLM span and a tool span may seem to overlap from clock skew alone (server vs client clock). */
const CLOCK_TOLERANCE_MS = 5;

/** LLMCompiler stands out in blue; the baselines are greys, each its own. */
const BAR_COLOURS: Readonly<Record<ApproachName, string>> = {
  llmcompiler: '#2563eb',
  'llmcompiler-no-streaming': '#93c5fd',
  react: '#9ca3af',
  'parallel-function-calling': '#6b7280',
  'parallel-function-calling-streaming': '#4b5563',
  'ai-sdk': '#a8a29e',
  langchain: '#78716c',
};

const SPAN_COLOURS: Readonly<Record<Span['kind'], string>> = { llm: '#7c3aed', tool: '#059669' };
const SPAN_NAMES: Readonly<Record<Span['kind'], string>> = { llm: 'LLM call', tool: 'tool call' };

const INK = '#111827';
const MUTED = '#6b7280';
const IDEAL_COLOUR = '#dc2626';
const WIDTH_LATENCY = 820;
const WIDTH_GANTT = 1000;
const LABEL_FONT = 12;
/** Room right of the plot for the value labels. */
const RIGHT_MARGIN = 84;

/**
 * A horizontal bar chart of one workload: a bar per approach, in the order given, as long as its mean latency
 * and labelled with it; a whisker from p50 to p95; a dashed line at LLMCompiler's mean zero-overhead bound when there is one.
 */
export function latencyChart(workload: WorkloadReport): string {
  const barHeight = 22;
  const rowHeight = 36;
  const top = 56;
  const left = 16 + Math.max(...workload.approaches.map((summary) => textWidth(summary.approach, LABEL_FONT)), 40) + 12;
  const right = WIDTH_LATENCY - RIGHT_MARGIN;
  const bottom = top + workload.approaches.length * rowHeight + 8;
  const height = bottom + 70;
  const ideal = workload.idealMeanMs;
  const maxMs = Math.max(
    ...workload.approaches.flatMap((summary) => [summary.meanMs, summary.p50Ms, summary.p95Ms].filter(Number.isFinite)),
    ideal !== undefined && Number.isFinite(ideal) ? ideal : 0,
  );
  const scale = timeScale(maxMs, left, right);
  const rows = workload.approaches.map((summary, index) => {
    const y = top + index * rowHeight + (rowHeight - barHeight) / 2;
    return latencyRow(summary, scale.x, left, y, barHeight);
  });
  const idealLine =
    ideal !== undefined && Number.isFinite(ideal)
      ? [
          element('line', { x1: scale.x(ideal), y1: top - 6, x2: scale.x(ideal), y2: bottom, stroke: IDEAL_COLOUR, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' }),
          text({ x: scale.x(ideal), y: top - 10, 'font-size': 11, fill: IDEAL_COLOUR, 'text-anchor': 'middle' }, `LLMCompiler bound ${secondsLabel(ideal)}`),
        ]
      : [];
  const title = `${workload.title}: latency per question (${workload.questions} questions, ${workload.model.name})`;
  return svgDocument(WIDTH_LATENCY, height, [
    text({ x: 16, y: 24, 'font-size': 15, 'font-weight': 'bold', fill: INK }, title),
    ...timeAxis(scale, top - 6, bottom, 'seconds per question'),
    ...rows.flat(),
    ...idealLine,
    text({ x: 16, y: height - 10, 'font-size': 11, fill: MUTED }, "bar: mean · whisker: p50 to p95 · dashed line: LLMCompiler's zero-overhead bound (mean)"),
  ]);
}

function latencyRow(summary: ApproachSummary, x: (ms: number) => number, left: number, y: number, barHeight: number): string[] {
  const middle = y + barHeight / 2;
  const parts = [
    text({ x: left - 10, y: middle + 4, 'font-size': LABEL_FONT, fill: INK, 'text-anchor': 'end' }, summary.approach),
  ];
  if (!Number.isFinite(summary.meanMs)) {
    parts.push(text({ x: left + 6, y: middle + 4, 'font-size': 11, fill: MUTED }, `no successful run (${summary.failures} failed)`));
    return parts;
  }
  const hover = `${summary.approach}: mean ${secondsLabel(summary.meanMs)}, p50 ${secondsLabel(summary.p50Ms)}, p95 ${secondsLabel(summary.p95Ms)}`;
  parts.push(
    element('rect', { class: 'bar', 'data-approach': summary.approach, x: left, y, width: Math.max(1, x(summary.meanMs) - left), height: barHeight, fill: BAR_COLOURS[summary.approach] }, [tooltip(hover)]),
  );
  const p50 = x(summary.p50Ms);
  const p95 = x(summary.p95Ms);
  const whisker = { stroke: INK, 'stroke-width': 1.5 };
  parts.push(
    element('line', { class: 'whisker', x1: p50, y1: middle, x2: p95, y2: middle, ...whisker }),
    element('line', { class: 'p50', x1: p50, y1: middle - 5, x2: p50, y2: middle + 5, ...whisker }),
    element('line', { class: 'p95', x1: p95, y1: middle - 7, x2: p95, y2: middle + 7, ...whisker }),
  );
  const labelX = Math.max(x(summary.meanMs), p95) + 6;
  parts.push(text({ x: labelX, y: middle + 4, 'font-size': LABEL_FONT, fill: INK }, secondsLabel(summary.meanMs)));
  return parts;
}

/**
 * A Gantt chart of one question under every approach: a row group per approach, its LLM calls and tool calls
 * as bars on a shared time axis; spans that overlap go on separate lanes, so parallelism shows as height.
 * Each bar carries a hover title with its label and times. Needs `workload.gantt`.
 */
export function ganttChart(workload: WorkloadReport): string {
  const gantt = workload.gantt;
  if (gantt === undefined) {
    throw new TypeError(`Expected \`workload.gantt\` to be set for a Gantt chart, got \`undefined\` (workload \`${workload.workload}\`)`);
  }
  const top = 96;
  const left = 16 + Math.max(...gantt.runs.map((run) => textWidth(runLabel(run), LABEL_FONT)), 40) + 12;
  const right = WIDTH_GANTT - RIGHT_MARGIN;
  const maxMs = Math.max(...gantt.runs.flatMap((run) => [run.totalMs, ...run.spans.map((span) => span.endMs)]).filter(Number.isFinite));
  const scale = timeScale(maxMs, left, right);
  const groups: string[] = [];
  let y = top;
  gantt.runs.forEach((run, index) => {
    const group = ganttGroup(run, index, scale.x, left, right, y);
    groups.push(group.markup);
    y += group.height;
  });
  const bottom = y;
  const height = bottom + 48;
  const question = truncate(gantt.question, 100);
  return svgDocument(WIDTH_GANTT, height, [
    text({ x: 16, y: 24, 'font-size': 15, 'font-weight': 'bold', fill: INK }, `${workload.title}: one question, every approach`),
    text({ x: 16, y: 44, 'font-size': 12, fill: '#374151' }, question),
    ...legend(16, 66),
    ...groups,
    ...timeAxis(scale, top, bottom, 'seconds since the question was asked'),
  ]);
}

const LANE_HEIGHT = 18;
const LANE_GAP = 3;
const GROUP_PADDING = 8;

function ganttGroup(run: GanttRun, index: number, x: (ms: number) => number, left: number, right: number, top: number): { markup: string; height: number } {
  const { lanes, count } = assignLanes(run.spans, CLOCK_TOLERANCE_MS);
  const height = 2 * GROUP_PADDING + count * LANE_HEIGHT + (count - 1) * LANE_GAP;
  const middle = top + height / 2;
  const parts = [
    element('rect', { x: 0, y: top, width: WIDTH_GANTT, height, fill: index % 2 === 0 ? '#f9fafb' : '#ffffff' }),
    text({ x: left - 10, y: middle + 4, 'font-size': LABEL_FONT, fill: INK, 'text-anchor': 'end' }, runLabel(run)),
    ...run.spans.map((span, spanIndex) => spanBar(span, x, top + GROUP_PADDING + (lanes[spanIndex] ?? 0) * (LANE_HEIGHT + LANE_GAP))),
    text({ x: right + 8, y: middle + 4, 'font-size': LABEL_FONT, 'font-weight': 'bold', fill: INK }, secondsLabel(run.totalMs)),
  ];
  return { markup: element('g', { class: 'run', 'data-approach': run.approach }, parts), height };
}

function spanBar(span: Span, x: (ms: number) => number, y: number): string {
  const start = x(span.startMs);
  const width = Math.max(1, x(span.endMs) - start);
  const hover = `${span.label}: ${secondsLabel(span.startMs)} to ${secondsLabel(span.endMs)} (${secondsLabel(span.endMs - span.startMs)})`;
  const parts = [
    element('rect', { class: `span ${span.kind}`, x: start, y, width, height: LANE_HEIGHT, rx: 2, fill: SPAN_COLOURS[span.kind] }, [tooltip(hover)]),
  ];
  // A label that does not fit would spill over its neighbours; the hover title still has it.
  if (textWidth(span.label, 11) + 6 <= width) {
    parts.push(text({ x: start + 3, y: y + LANE_HEIGHT / 2 + 4, 'font-size': 11, fill: '#ffffff', 'pointer-events': 'none' }, span.label));
  }
  return parts.join('');
}

function legend(x: number, y: number): string[] {
  return (['llm', 'tool'] as const).flatMap((kind, index) => {
    const left = x + index * 110;
    return [
      element('rect', { x: left, y: y - 10, width: 14, height: 12, rx: 2, fill: SPAN_COLOURS[kind] }),
      text({ x: left + 20, y, 'font-size': 12, fill: INK }, SPAN_NAMES[kind]),
    ];
  });
}

function runLabel(run: GanttRun): string {
  return run.approach === 'ideal' ? 'LLMCompiler bound' : run.approach;
}

/** At most `max` characters, cut at the end with an ellipsis; cut before escaping so no entity is split. */
function truncate(content: string, max: number): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
