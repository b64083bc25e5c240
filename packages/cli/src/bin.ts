#!/usr/bin/env node
// llmcompiler: ask a question on the command line. `llmcompiler --help` lists the flags; Ctrl-C aborts the run.
import { OutputClosedError } from './errors/output-closed-error.js';
import { runCommand } from './run-command.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  // The first Ctrl-C aborts the run and lets the tools wind down; a second one leaves at once.
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('Interrupted (Ctrl-C)'));
});

// A reader that goes away (`llmcompiler --json ... | head -n 1`) has all it wanted: the run is aborted (its
// tools get the abort) and the command exits with 0, quietly, as Unix tools do. Later writes fail the same way.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  controller.abort(new OutputClosedError({ cause: error }));
});

// A run waiting only on a tool that waits for its signal holds nothing that keeps Node's event loop alive: this
// timer does, until the command returns.
const keepAlive = setInterval(() => {}, 60_000);
process.exitCode = await runCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
clearInterval(keepAlive);
