// The `llmcompiler` binary on a terminal: run in a tmux pane (a real pseudo-terminal), read back with
// `tmux capture-pane`. The live view redraws in place; Ctrl-C aborts the run, the running tool gets the abort,
// and the exit code is 130. Under CI=true these tests always run (and fail if tmux is missing); elsewhere they
// skip when tmux is not installed.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scriptedAgent, startFakeOpenAI } from '@llmcompiler/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, NODE_ARGS, quote, TSX_NODE_ARGS } from './run-cli.js';

const run = promisify(execFile);
const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const TOOLS = fileURLToPath(new URL('./fixtures/tools.ts', import.meta.url));

let dir: string;
let socket: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompiler-live-'));
  socket = `llmcompiler-test-${process.pid}-${Date.now()}`;
});
afterEach(async () => {
  await run('tmux', ['-L', socket, 'kill-server']).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/**
 * Starts the binary with `args` in a 100x40 tmux pane; its exit code goes to the file it returns. `nodeArgs`:
 * the bundled binary, or the one under tsx's loader for a tool module written in TypeScript.
 */
async function startInTmux(args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = NODE_ARGS): Promise<string> {
  const exitFile = join(dir, 'exit-code');
  // The shell survives the Ctrl-C (its trap), to write the exit code; the binary gets the default handling.
  const command = `trap : INT; ${[process.execPath, ...nodeArgs, ...args].map(quote).join(' ')}; echo $? > ${quote(exitFile)}; sleep 60`;
  // A tmux server of its own (-L), started with this environment (no OpenAI settings of the machine).
  await run('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-x', '100', '-y', '40', 'sh', '-c', command], { env: cleanEnv(env) });
  return exitFile;
}

/** What the pane shows now. */
async function screen(): Promise<string> {
  return (await run('tmux', ['-L', socket, 'capture-pane', '-p'])).stdout;
}

/** Polls until `ready` holds (of the pane's text, or of the exit file); fails with the last screen after 20 s. */
async function waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}; the pane shows:\n${await screen()}`);
}

const exitCode = async (file: string) => Number((await readFile(file, 'utf8')).trim());

describe.skipIf(!haveTmux && process.env.CI !== 'true')(`llmcompiler on a terminal${haveTmux ? '' : ' (skipped: tmux is not installed)'}`, { timeout: 60_000 }, () => {
  it('shows the plan, each task with its state and time, and the answer, redrawn in place', async () => {
    const exitFile = await startInTmux(['How much deeper is the Mariana Trench than the Puerto Rico Trench?']);
    await waitFor('the exit code', async () => existsSync(exitFile));
    expect(await exitCode(exitFile)).toBe(0);
    const shown = await screen();
    // Redrawn in place: one copy of the frame, not one per update.
    expect(shown.match(/Question:/g)).toHaveLength(1);
    expect(shown.match(/Tasks:/g)).toHaveLength(1);
    expect(shown).toContain('Plan (round 1, finished):');
    expect(shown).toContain('  1. lookup_trench(name="Mariana Trench")');
    expect(shown).toContain('  3. difference(a=$1.depthMeters, b=$2.depthMeters)');
    expect(shown).toMatch(/✔ {2}1\. lookup_trench\(name="Mariana Trench"\) {2}ok \d+\.\d\d s {2}\{"name":"Mariana Trench"/);
    expect(shown).toMatch(/✔ {2}3\. difference\(a=\$1\.depthMeters, b=\$2\.depthMeters\) {2}ok \d+\.\d\d s {2}2618/);
    expect(shown).toContain('Answer:\nThe Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).');
  });

  it('aborts the run on Ctrl-C: the running tool gets the abort, and the exit code is 130', async () => {
    const server = await startFakeOpenAI({ responder: scriptedAgent({ plan: [{ tool: 'wait_for_abort' }], answer: 'never' }) });
    try {
      const abortFile = join(dir, 'aborted');
      const exitFile = await startInTmux(['--base-url', server.url, '--tools', TOOLS, 'Wait'], { LLMCOMPILER_TEST_ABORT_FILE: abortFile }, TSX_NODE_ARGS);
      // The live view shows the task running, its time ticking.
      await waitFor('the task to run', async () => /▶|⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/.test(await screen()) && (await screen()).includes('wait_for_abort()  running'));
      expect(await screen()).toMatch(/ {2}1\. wait_for_abort\(\) {2}running \d+\.\d\d s/);
      await run('tmux', ['-L', socket, 'send-keys', 'C-c']);
      await waitFor('the exit code', async () => existsSync(exitFile));
      expect(await exitCode(exitFile)).toBe(130);
      expect(await readFile(abortFile, 'utf8')).toBe('aborted: Interrupted (Ctrl-C)');
      const shown = await screen();
      expect(shown).toMatch(/■ {2}1\. wait_for_abort\(\) {2}aborted/);
      expect(shown).toContain('Interrupted: the run was aborted.');
    } finally {
      await server.close();
    }
  });
});
