// The demo as a user runs it (`npm run demo`): a child process with a chosen environment. Endpoints are local
// (the demo's own simulated server, or a port where nothing listens), so no test needs a network or a key.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedModel } from './simulated-model.js';
import { envWithout, runScript, type ScriptRun } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const ANSWER = 'Answer: The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m). The report is saved.';

/** Runs the demo with the environment of this process minus every OPENAI_ variable, plus `env`. */
function runDemo(env: Record<string, string> = {}): Promise<ScriptRun> {
  const base = envWithout('OPENAI_');
  return runScript(MAIN, { env: { ...base, ...env }, timeoutMs: 30_000 });
}

/** A port on 127.0.0.1 where nothing listens: bound by a server that is then closed. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// The demo takes seconds (a tool sleeps, the simulated model streams at a hosted model's pace), so every
// variant runs at once, before the tests read their results.
const KEY = 'sk-demo-test-0123456789';
const servers: FakeOpenAIServer[] = [];
let downPort = 0;
let simulated: ScriptRun;
let baseURLOnly: ScriptRun;
let malformed: ScriptRun;
let down: ScriptRun;

beforeAll(async () => {
  // The demo's own simulated model serves as "an OpenAI-compatible server", without latency.
  servers.push(await startSimulatedModel({}));
  downPort = await freePort();
  [simulated, baseURLOnly, malformed, down] = await Promise.all([
    runDemo({ OPENAI_API_KEY: '' }),
    runDemo({ OPENAI_BASE_URL: servers[0]!.url, OPENAI_MODEL: 'local-model' }),
    runDemo({ OPENAI_BASE_URL: 'localhost:8080' }),
    // With a key too: its run shows the startup line of OPENAI_BASE_URL with OPENAI_API_KEY (that the key
    // reaches the server is tested in-process, in model-config.test.ts).
    runDemo({ OPENAI_BASE_URL: `http://127.0.0.1:${downPort}/v1`, OPENAI_API_KEY: KEY }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('npm run demo', () => {
  it('runs on the simulated model with no configuration (an empty OPENAI_API_KEY is none), and says so, never "live"', () => {
    const { code, stdout, stderr } = simulated;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Model: simulated, by the local OpenAI-compatible server of @llmcompiler\/testing on http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(stdout).not.toMatch(/live/i);
    expect(stdout).toContain('plan complete: reached join(), the model stopped');
    expect(stdout).toContain(ANSWER);
    const tracePath = /^Trace: (.+\.html) \(open it in a browser\)$/m.exec(stdout)?.[1];
    expect(tracePath).toBe(join(exampleDir, 'out', 'trace.html'));
    const html = readFileSync(tracePath!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('How much deeper is the Mariana Trench than the Puerto Rico Trench?');
  });

  it('runs with OPENAI_BASE_URL alone, sending a placeholder key and saying so before it calls', () => {
    const { code, stdout } = baseURLOnly;
    const server = servers[0]!;
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      `Model: local-model, calling ${server.url}/chat/completions (OPENAI_BASE_URL).`,
      '       OPENAI_API_KEY is not set, so the placeholder key "no-key-needed" is sent: a local server needs none.',
    ]);
    expect(server.requests.map((request) => [request.body.model, request.headers.authorization])).toEqual([
      ['local-model', 'Bearer no-key-needed'],
      ['local-model', 'Bearer no-key-needed'],
    ]);
    expect(stdout).toContain(ANSWER);
  });

  it('names the endpoint of OPENAI_BASE_URL when OPENAI_API_KEY is set too, and never the key', () => {
    const { stdout, stderr } = down;
    expect(stdout.split('\n')[0]).toBe(`Model: gpt-4o-mini, calling http://127.0.0.1:${downPort}/v1/chat/completions (OPENAI_BASE_URL).`);
    expect(stdout + stderr).not.toContain(KEY);
  });

  it('refuses a malformed OPENAI_BASE_URL before any call, with one readable line', () => {
    const { code, stdout, stderr } = malformed;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'ModelConfigError: Expected `baseURL` of model `gpt-4o-mini` to be an http:// or https:// URL, such as `http://localhost:8080/v1`, ' +
        'got `"localhost:8080"` (string): it comes from the OPENAI_BASE_URL environment variable, and has no scheme: did you mean `http://localhost:8080`?',
    );
  });

  it('reports a server that is down by its URL and the network error, without a stack', () => {
    const { code, stderr } = down;
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `The run failed: ModelCallError: Could not connect to http://127.0.0.1:${downPort}/v1/chat/completions: ECONNREFUSED (after 2 retries)`,
    );
  });
});
