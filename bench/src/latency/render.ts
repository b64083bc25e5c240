/**
 * Writes the report (Markdown and charts) again from a run's `latency.json`, e.g. after a change to the
 * charts: `npm run latency:render -w @llmcompiler/bench -- results/full`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ganttChart, latencyChart, renderMarkdown } from './report/index.js';
import type { BenchReport } from './types.js';

/** Writes `latency.md` and `charts/` of the report in `dir`. */
export async function writeReport(dir: string, report: BenchReport): Promise<void> {
  const chartsDir = 'charts';
  await mkdir(`${dir}/${chartsDir}`, { recursive: true });
  await writeFile(`${dir}/latency.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${dir}/latency.md`, renderMarkdown(report, { chartsDir }));
  for (const workload of report.workloads) {
    await writeFile(`${dir}/${chartsDir}/${workload.workload}-latency.svg`, latencyChart(workload));
    if (workload.gantt !== undefined) await writeFile(`${dir}/${chartsDir}/${workload.workload}-gantt.svg`, ganttChart(workload));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? 'results/full');
  const report = JSON.parse(await readFile(`${dir}/latency.json`, 'utf8')) as BenchReport;
  await writeReport(dir, report);
  process.stdout.write(`Wrote ${dir}/latency.md and charts/ from latency.json\n`);
}
