// The example as a user runs it: the orchestrator as a child process, which starts two worker processes, on
// the Redis at REDIS_URL (skipped when none answers, unless CI=true, where it fails).
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { redisForTests } from '@llmcompiler/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { runScript, type ScriptRun } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const { url: REDIS_URL, reachable, skipNote } = await redisForTests();

/** Runs `src/main.ts` with `args` and `workers` worker processes to its end (or its death) on `queueName`. */
function runMain(queueName: string, args: readonly string[] = [], workers = 2): Promise<ScriptRun> {
  return runScript(MAIN, { args, env: { ...process.env, QUEUE_NAME: queueName, WORKERS: String(workers) }, timeoutMs: 110_000 });
}

// Skipped without Redis (outside CI): the example needs a real server.
describe.skipIf(!reachable)(`examples/distributed${skipNote}`, () => {
  let queueName: string;
  afterEach(async () => {
    // The queue's keys and the journal's (its prefix is the queue's name).
    const redis = new Redis(REDIS_URL);
    try {
      const keys = [...(await redis.keys(`bull:${queueName}:*`)), ...(await redis.keys(`${queueName}:*`))];
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('answers with the tool calls spread over two worker processes', { timeout: 120_000 }, async () => {
    queueName = `llmc-example-${randomBytes(4).toString('hex')}`;
    const { code, stdout, stderr } = await runMain(queueName);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Answer: Tokyo, Delhi and Shanghai have 100,790,000 people together.');
    const workers = new Set([...stdout.matchAll(/task \d population: ok on worker (\d+)/g)].map((match) => match[1]));
    // Three 300 ms lookups at once, one call at a time per worker (both ready before the run starts): while
    // one worker runs a lookup, the other takes the next.
    expect(workers.size).toBe(2);
    expect(stdout).toMatch(/task 4 sum: ok/);
  });

  it('crashes with --crash-after 1, and --resume finishes the run in a new process', { timeout: 240_000 }, async () => {
    queueName = `llmc-example-${randomBytes(4).toString('hex')}`;
    const crashed = await runMain(queueName, ['--crash-after', '1']);
    // Killed by SIGKILL, as a crash would be.
    expect(crashed.signal).toBe('SIGKILL');
    const runId = /resume with: .* --resume (\S+)/.exec(crashed.stdout)?.[1];
    expect(runId, crashed.stdout + crashed.stderr).toBeDefined();
    expect(crashed.stdout).not.toContain('Answer:');

    // One worker: the lookups running at the crash end on the crashed run's workers, and what is left to run
    // (a lookup still queued, if any, then the sum, which waits for it) is one call at a time.
    const resumed = await runMain(queueName, ['--resume', runId!], 1);
    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(resumed.stdout).toContain(`Resuming run ${runId}`);
    expect(resumed.stdout).toContain('Answer: Tokyo, Delhi and Shanghai have 100,790,000 people together.');
    // The lookup that ended before the crash is read from the journal, not asked again.
    expect(resumed.stdout).toMatch(/task \d population: ok on worker \d+ \(from the journal\)/);
    expect(resumed.stdout).toMatch(/task 4 sum: ok/);
  });
});
