/**
 * The tool selection benchmark: the compiler with 200 tools, without selection and with the built-in lexical
 * and embedding selectors, on the latency benchmark's dataset questions and on task questions over the
 * catalogue, in the simulated world. It prints a table and writes `results/<mode>/selection.md` and
 * `selection.json`.
 *
 *   npm run bench -- selection            full run (both caching settings)
 *   npm run bench -- selection --quick    fewer dataset questions
 *   npm run bench -- selection --k 4,8    the k values measured (default 8,16)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROFILES } from '../latency/profiles.js';
import { FULL_QUESTIONS, QUICK_QUESTIONS, buildQuestions } from './questions.js';
import { renderSelectionTable } from './render-table.js';
import { runMode, selectionModes, summarizeMode, type ModeSummary } from './run-selection.js';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    k: { type: 'string', default: '8,16' },
    concurrency: { type: 'string', default: '8' },
    out: { type: 'string' },
  },
});

const positive = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Expected --${name} to be an integer from 1 and up, got ${JSON.stringify(text)}`);
  return value;
};

const mode = flags.quick ? 'quick' : 'full';
const ks = flags.k.split(',').map((item) => positive('k', item.trim()));
const concurrency = positive('concurrency', flags.concurrency);
const profile = PROFILES['gpt-4.1-mini'];
const model = profile.modelOf('hotpotqa');
const { questions, scenarios } = buildQuestions(flags.quick ? QUICK_QUESTIONS : FULL_QUESTIONS);
const started = performance.now();
process.stdout.write(`Tool selection: ${questions.length} questions, 200 tools, ${profile.title}, k = ${ks.join(', ')}\n`);

const summaries: ModeSummary[] = [];
let failures = 0;
for (const caching of [false, true]) {
  for (const selection of selectionModes(ks)) {
    const runs = await runMode({ mode: selection, questions, scenarios, model, caching, concurrency });
    const summary = summarizeMode(selection.title, caching, runs);
    summaries.push(summary);
    failures += summary.failures;
    const firstFailure = runs.find((run) => run.failure !== undefined);
    process.stdout.write(
      `  ${caching ? 'caching' : 'no caching'}, ${selection.title}: accuracy ${(summary.planAccuracy * 100).toFixed(0)}%, ` +
        `${summary.plannerPromptTokens.toFixed(0)} planner prompt tokens, ${summary.meanMs.toFixed(0)} ms` +
        `${firstFailure === undefined ? '' : `; ${summary.failures} failed, first: ${firstFailure.failure}`}\n`,
    );
  }
}

const table = renderSelectionTable({ summaries, questions, model, ks });
process.stdout.write(`\n${table}\n`);
const outDir = flags.out ?? fileURLToPath(new URL(`../../results/${mode}/`, import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}selection.md`, `${table}\n`);
writeFileSync(`${outDir}selection.json`, `${JSON.stringify({ date: new Date().toISOString(), mode, ks, model, summaries }, null, 2)}\n`);
process.stdout.write(`Wrote ${outDir}selection.md in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = failures > 0 ? 1 : 0;
