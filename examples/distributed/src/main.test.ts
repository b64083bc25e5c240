// The example as a user runs it: the orchestrator as a child process, which starts two worker processes, on
// the Redis at REDIS_URL (skipped when none answers, unless CI=true, where it fails).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { redisForTests } from '@llmcompiler/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const { url: REDIS_URL, reachable, skipNote } = await redisForTests();

// Skipped without Redis (outside CI): the example needs a real server.
describe.skipIf(!reachable)(`examples/distributed${skipNote}`, () => {
  it('answers with the tool calls spread over two worker processes', { timeout: 120_000 }, async () => {
    const queueName = `llmc-example-${randomBytes(4).toString('hex')}`;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [tsx, '--conditions=@llmcompiler/source', 'src/main.ts'], { cwd: exampleDir, env: { ...process.env, QUEUE_NAME: queueName, WORKERS: '2' }, timeout: 110_000 }, (error, out, err) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout: out, stderr: err }),
      );
    });
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`bull:${queueName}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Answer: Tokyo, Delhi and Shanghai have 100,790,000 people together.');
    const workers = new Set([...stdout.matchAll(/task \d population: ok on worker (\d+)/g)].map((match) => match[1]));
    // Three 300 ms lookups at once, one call at a time per worker (both ready before the run starts): while
    // one worker runs a lookup, the other takes the next.
    expect(workers.size).toBe(2);
    expect(stdout).toMatch(/task 4 sum: ok/);
  });
});
