// Option checks happen where the options are given, before any connection: no Redis needed.
import { InvalidOptionError, tool } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createToolWorker } from './tool-worker.js';
import { remoteTools } from './remote-tools.js';
import { decodeFailure, encodeFailure, jobIdOf } from './job-payload.js';

const search = tool({ name: 'search', description: 'Searches.', input: z.object({ query: z.string() }), output: z.string(), sideEffects: 'none', execute: () => 'found' });
const retried = tool({ ...{ name: 'fetch', description: 'Fetches.', input: z.object({}), sideEffects: 'none' as const }, retry: { attempts: 3 }, execute: () => 1 });
const connection = 'redis://127.0.0.1:1';

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('remoteTools', () => {
  it('refuses BullMQ attempts beside a tool that retries itself: retries happen in one place', () => {
    const error = thrown(() => remoteTools([retried], { connection, attempts: 2 }));
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "Expected `attempts` of `remoteTools()` to be 1 while tool `fetch` sets its own `retry` (retries happen in one place: BullMQ's `attempts` or the tool's `retry`, not both), got `2` (number)",
    );
    // Either one alone is fine.
    expect(remoteTools([retried], { connection }).tools[0]?.retry.attempts).toBe(3);
    expect(remoteTools([search], { connection, attempts: 3 }).tools).toHaveLength(1);
  });

  it('names the option, what was expected and what came', () => {
    expect(thrown(() => remoteTools([search], { connection, attempts: 0 })).message).toBe('Expected `attempts` of `remoteTools()` to be an integer from 1 and up, got `0` (number)');
    expect(thrown(() => remoteTools([search], { connection, queue: 'x' } as never)).message).toBe(
      'Expected `queue` of `remoteTools()` to be a known option (connection, queueName, prefix, attempts, backoff, keepJobsMs, unavailableTimeoutMs), got `"x"` (string)',
    );
    expect(thrown(() => remoteTools([search], { connection: 42 } as never)).message).toBe('Expected `connection` of `remoteTools()` to be a redis:// URL or ioredis options, got `42` (number)');
    expect(thrown(() => remoteTools([search], { connection, backoff: { type: 'linear', delay: 1 } } as never)).message).toMatch(/^Expected `backoff.type` of `remoteTools\(\)` to be one of 'exponential', 'fixed'/);
  });

  it('declares each tool as the worker hosts it: name, description, side effects, JSON Schema input and output', () => {
    const [remote] = remoteTools([search, { name: 'send', description: 'Sends.', input: z.object({ to: z.string() }) }], { connection }).tools;
    expect(remote).toMatchObject({ name: 'search', description: 'Searches.', sideEffects: 'none', sideEffectsDeclared: true });
    expect(remote?.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] });
    expect(remote?.outputSchema?.jsonSchema()).toMatchObject({ type: 'string' });
    const send = remoteTools([{ name: 'send', description: 'Sends.', input: z.object({ to: z.string() }) }], { connection }).tools[0];
    expect(send).toMatchObject({ name: 'send', sideEffects: 'unsafe', sideEffectsDeclared: false });
  });
});

describe('createToolWorker', () => {
  it('names the option, what was expected and what came', () => {
    expect(thrown(() => createToolWorker({ connection, tools: [] })).message).toBe('Expected `tools` of `createToolWorker()` to be a non-empty array of tools, got an array of length 0');
    expect(thrown(() => createToolWorker({ connection, tools: [search], concurrency: 0.5 })).message).toBe(
      'Expected `concurrency` of `createToolWorker()` to be an integer from 1 and up, got `0.5` (number)',
    );
    expect(thrown(() => createToolWorker({ connection, tools: [{ name: 'x' } as never] })).message).toBe(
      "Expected `tools[0]` of `createToolWorker()` to be a tool made by `tool()`, got an object with keys name",
    );
  });
});

describe('job payloads', () => {
  it('name a call by run, task and attempt, and carry failures as JSON that only ours decode as ours', () => {
    expect(jobIdOf('run-1', 3, 1)).toBe('run-1:3:1');
    const failure = { kind: 'input', message: 'Invalid input', issues: [{ message: 'expected string', path: ['query'] }] } as const;
    expect(decodeFailure(encodeFailure(failure))).toMatchObject(failure);
    expect(decodeFailure('job stalled more than allowable limit')).toBeUndefined();
    expect(decodeFailure('{"kind":"thrown","message":"not from a worker of ours"}')).toBeUndefined();
    expect(decodeFailure(undefined)).toBeUndefined();
  });
});
