/**
 * Every benchmark, one after the other: plan parsing, plan fuzzing, scheduling overhead, leaks and load, and
 * the latency benchmark (which has the scale section). Arguments go to the latency benchmark; with `--quick` only the
 * leak benchmark (with `--quick` too: smaller counts) and the latency benchmark run, so that the whole stays
 * under two minutes. `selection` as the first argument runs the tool selection benchmark alone, with the
 * arguments after it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const selection = args[0] === 'selection';
const scripts = selection ? ['selection/main.ts'] : [...(quick ? [] : ['parse-plan.ts', 'fuzz-plans.ts', 'scheduler.ts']), 'leak.ts', 'latency/main.ts'];
/** What each script is given: the latency benchmark every argument, the leak benchmark `--quick` alone. */
const argsFor = (script: string): readonly string[] =>
  script === 'selection/main.ts' ? args.slice(1) : script === 'latency/main.ts' ? args : script === 'leak.ts' && quick ? ['--quick'] : [];

function run(script: string, scriptArgs: readonly string[]): Promise<number> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--conditions=@llmcompiler/source', file, ...scriptArgs], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

let failed = false;
for (const script of scripts) {
  process.stdout.write(`\n== ${script}\n`);
  const code = await run(script, argsFor(script));
  if (code !== 0) {
    process.stderr.write(`${script} exited with ${code}\n`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
