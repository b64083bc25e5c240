import type { ModelProfile } from '../latency/types.js';
import type { SelectionQuestion } from './questions.js';
import type { ModeSummary } from './run-selection.js';

const percent = (share: number) => (Number.isNaN(share) ? '-' : `${Math.round(share * 100)}%`);
const integer = (value: number) => (Number.isNaN(value) ? '-' : Math.round(value).toLocaleString('en-US'));

/** The Markdown table of the selection benchmark: one row per mode and caching setting. */
export function renderSelectionTable({
  summaries,
  questions,
  model,
  ks,
}: {
  readonly summaries: readonly ModeSummary[];
  readonly questions: readonly SelectionQuestion[];
  readonly model: ModelProfile;
  readonly ks: readonly number[];
}): string {
  const datasets = questions.filter((question) => question.source !== 'tasks').length;
  const tasks = questions.length - datasets;
  const lines = [
    `${questions.length} questions (${datasets} dataset questions, ${tasks} task questions), 200 tools, ${model.name} (${model.timeToFirstTokenMs} ms + prompt at ${model.promptTokensPerSecond.toLocaleString('en-US')} tokens/s to the first token, ${model.outputTokensPerSecond} tokens/s), k = ${ks.join(' and ')}.`,
    '',
    '| prompt caching | selection | tools shown | planner prompt tokens | of them cached | planner first token | mean latency | p50 latency | mean latency, dataset questions | plan accuracy (datasets / tasks) | a needed tool missed (datasets / tasks) | failed runs |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
  ];
  for (const summary of summaries) {
    lines.push(
      `| ${summary.caching ? 'on' : 'off'} | ${summary.mode} | ${summary.toolsShown.toFixed(1)} | ${integer(summary.plannerPromptTokens)} | ${integer(summary.plannerCachedTokens)} | ${integer(summary.plannerFirstTokenMs)} ms | ` +
        `${integer(summary.meanMs)} ms | ${integer(summary.p50Ms)} ms | ${integer(summary.datasetMeanMs)} ms | ${percent(summary.planAccuracy)} (${percent(summary.accuracyBySource.datasets)} / ${percent(summary.accuracyBySource.tasks)}) | ` +
        `${percent(summary.missRate)} (${percent(summary.missBySource.datasets)} / ${percent(summary.missBySource.tasks)}) | ${summary.failures} |`,
    );
  }
  return lines.join('\n');
}
