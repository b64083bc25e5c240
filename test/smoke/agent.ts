// What every smoke app runs against the installed tarballs: each public entry point loads, a short agent
// answers on the scripted model of `@llmcompiler/core/test`, the same agent answers through the real
// `openai` client and `@llmcompiler/openai` on the local server of `@llmcompiler/testing`, once more through
// an AI SDK provider and `@llmcompiler/ai-sdk`, once more as a LangChain Runnable of `@llmcompiler/langchain`,
// once more served as an MCP tool by `@llmcompiler/mcp` over Streamable HTTP and called through its own
// `connectMCP` (the MCP SDK loaded from this build), and once traced by `@llmcompiler/otel` and drawn by
// `@llmcompiler/core/trace`; the remote tools of `@llmcompiler/bullmq` are made (no Redis is needed to make
// them: they connect on their first call); and the `llmcompiler` command of `@llmcompiler/cli` answers with no key,
// on its simulated model, with this node. Copied into each app by scripts/smoke-packages.mjs.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { fromAISDKModel } from '@llmcompiler/ai-sdk';
import { remoteTools } from '@llmcompiler/bullmq';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCompiler, InvalidOptionError, LLMCompilerError, tool, type LanguageModel } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { scriptedModel } from '@llmcompiler/core/test';
import { renderTrace } from '@llmcompiler/core/trace';
import { compilerAsRunnable, toLangChainTool } from '@llmcompiler/langchain';
import { connectMCP, serveCompilerOverMCP } from '@llmcompiler/mcp';
import { createOpenAIModel } from '@llmcompiler/openai';
import { traceRuns } from '@llmcompiler/otel';
import { startFakeOpenAI } from '@llmcompiler/testing';
import { OpenAI } from 'openai';
import { z } from 'zod';

/** Every public entry point of the packages. */
export const entries = [
  '@llmcompiler/core',
  '@llmcompiler/core/test',
  '@llmcompiler/core/internal',
  '@llmcompiler/core/trace',
  '@llmcompiler/otel',
  '@llmcompiler/openai',
  '@llmcompiler/langchain',
  '@llmcompiler/mcp',
  '@llmcompiler/ai-sdk',
  '@llmcompiler/bullmq',
  '@llmcompiler/testing',
  '@llmcompiler/cli',
] as const;

/** Throws `message` unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`smoke check failed: ${message}`);
}

const depths: Record<string, number> = { 'Mariana Trench': 10_994, 'Puerto Rico Trench': 8_376 };

const search = tool({
  name: 'search',
  description: 'Look up an ocean trench; returns its maximum depth in meters.',
  input: z.object({ query: z.string() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ query }) => {
    const depth = depths[query];
    if (depth === undefined) throw new Error(`No entry for ${query}`);
    return depth;
  },
});

const difference = tool({
  name: 'difference',
  description: 'Subtract b from a.',
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ a, b }) => a - b,
});

const question = 'How much deeper is the Mariana Trench than the Puerto Rico Trench?';
const plan = ['1. search("Mariana Trench")', '2. search("Puerto Rico Trench")', '3. difference(a=$1, b=$2)', '4. join()'].join('\n');
const answer = 'The Mariana Trench is 2,618 m deeper.';
const finish = `Thought: Task 3 holds the difference.\nAction: Finish(${answer})`;

/** Runs the agent on `model` and checks its answer and its tasks. */
async function runAgent(model: LanguageModel, label: string): Promise<void> {
  const result = await createCompiler({ model, tools: [search, difference] }).run(question).result();
  check(result.answer === answer, `${label}: expected the answer ${JSON.stringify(answer)}, got ${JSON.stringify(result.answer)}`);
  const values = result.tasks.map((record) => record.value);
  check(JSON.stringify(values) === JSON.stringify([10_994, 8_376, 2_618]), `${label}: expected the task values [10994, 8376, 2618], got ${JSON.stringify(values)}`);
}

/** The little of the package's other build that {@link checkOtherBuild} uses. */
export interface OtherBuild {
  createCompiler(options: never): unknown;
  LLMCompilerError: { isInstance(error: unknown): boolean };
  InvalidOptionError: { isInstance(error: unknown): boolean };
}

/** What `run` throws, or undefined. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Checks `other`, the package's other build (CommonJS in an ESM app, ESM in a CommonJS one): a second copy
 * of every class, whose errors this build's `isInstance` recognizes all the same, and the other way round.
 */
export function checkOtherBuild(other: OtherBuild): void {
  check((other.createCompiler as unknown) !== createCompiler, 'the other build is a second copy of the package');
  const bad = { model: scriptedModel({ responses: [] }), tools: [search], maxReplans: -1 };
  const ours = thrownBy(() => createCompiler(bad));
  const theirs = thrownBy(() => (other.createCompiler as (options: unknown) => unknown)(bad));
  check(!(theirs instanceof InvalidOptionError), "the other build's InvalidOptionError is another class");
  check(InvalidOptionError.isInstance(theirs) && LLMCompilerError.isInstance(theirs), `this build's isInstance recognizes the other's errors, got ${String(theirs)}`);
  check(other.InvalidOptionError.isInstance(ours) && other.LLMCompilerError.isInstance(ours), `the other build's isInstance recognizes this one's errors, got ${String(ours)}`);
}

/** Everything above, in order; returns what ran, for the app to print. */
export async function smoke(): Promise<string[]> {
  check(typeof optionChecks === 'function', '@llmcompiler/core/internal exports optionChecks');
  const error = thrownBy(() => createCompiler({ model: scriptedModel({ responses: [] }), tools: [search], maxReplans: -1 }));
  check(InvalidOptionError.isInstance(error) && LLMCompilerError.isInstance(error), `a bad option throws an InvalidOptionError, got ${String(error)}`);

  await runAgent(scriptedModel({ responses: [plan, finish] }), 'scripted model');

  const server = await startFakeOpenAI({ responses: [plan, finish] });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'smoke', maxRetries: 0 });
    await runAgent(createOpenAIModel({ model: 'fake-model', client }), 'openai adapter on the fake server');
    check(server.requests.length === 2, `the fake server got 2 requests, got ${server.requests.length}`);
  } finally {
    await server.close();
  }

  const aiServer = await startFakeOpenAI({ responses: [plan, finish] });
  try {
    const provider = createOpenAICompatible({ name: 'smoke', baseURL: aiServer.url, apiKey: 'smoke' });
    await runAgent(fromAISDKModel(provider('fake-model'), { maxRetries: 0 }), 'AI SDK adapter on the fake server');
    check(aiServer.requests.length === 2, `the fake server got 2 requests from the AI SDK provider, got ${aiServer.requests.length}`);
  } finally {
    await aiServer.close();
  }

  const runnable = compilerAsRunnable(createCompiler({ model: scriptedModel({ responses: [plan, finish] }), tools: [search, difference] }));
  const viaLangChain = await runnable.invoke(question);
  check(viaLangChain === answer, `the LangChain Runnable answers ${JSON.stringify(answer)}, got ${JSON.stringify(viaLangChain)}`);
  const depth: unknown = await toLangChainTool(search).invoke({ query: 'Mariana Trench' });
  check(String(depth) === '10994', `a tool made a LangChain tool returns 10994, got ${JSON.stringify(depth)}`);

  const served = await serveCompilerOverMCP(createCompiler({ model: scriptedModel({ responses: [plan, finish] }), tools: [search, difference] }), {
    name: 'research',
    http: {},
  });
  try {
    const connection = await connectMCP({ url: served.url! });
    try {
      const viaMCP = await createCompiler({
        model: scriptedModel({ responses: [`1. research(question="${question}")\n2. join()`] }),
        tools: connection.tools,
        joiner: ({ tasks }) => (tasks[0]?.value as { answer: string }).answer,
      })
        .run('Ask the research agent')
        .result();
      check(viaMCP.answer === answer, `the compiler served over MCP answers ${JSON.stringify(answer)}, got ${JSON.stringify(viaMCP.answer)}`);
    } finally {
      await connection.close();
    }
  } finally {
    await served.close();
  }


  // Traced with the global OpenTelemetry API (a no-op without an SDK), and drawn as an HTML trace.
  const traced = await traceRuns(createCompiler({ model: scriptedModel({ responses: [plan, finish] }), tools: [search, difference] })).run(question).result();
  check(traced.answer === answer, `a traced run answers ${JSON.stringify(answer)}, got ${JSON.stringify(traced.answer)}`);
  const html = renderTrace(traced);
  check(html.startsWith('<!doctype html>') && (html.match(/class="bar task /g) ?? []).length === 3, 'renderTrace draws a page with a bar per task');

  const remote = remoteTools([search, difference], { connection: 'redis://127.0.0.1:6379', attempts: 2 });
  const names = remote.tools.map((remoteTool) => `${remoteTool.name}:${remoteTool.sideEffects}`).join(',');
  check(names === 'search:none,difference:none', `remoteTools declares the tools as they are, got ${names}`);
  await remote.close();

  // The installed `llmcompiler` command, as `npx llmcompiler "question"` runs it, with no OpenAI settings.
  const cliPackage = createRequire(join(process.cwd(), 'package.json')).resolve('@llmcompiler/cli/package.json');
  const bin = join(dirname(cliPackage), (JSON.parse(readFileSync(cliPackage, 'utf8')) as { bin: { llmcompiler: string } }).bin.llmcompiler);
  const env = { ...process.env };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) delete env[name];
  const cli = spawnSync(process.execPath, [bin, question], { encoding: 'utf8', env });
  check(cli.status === 0 && cli.stdout.includes('Answer: The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).'), `the llmcompiler command answers with no key, got exit code ${cli.status}:\n${cli.stdout}${cli.stderr}`);

  return ['entries load', 'InvalidOptionError.isInstance', 'scripted model agent', 'openai adapter agent over HTTP', 'AI SDK adapter agent over HTTP', 'LangChain Runnable and tool', 'the compiler over MCP', 'traced run and HTML trace', 'BullMQ remote tools', 'the llmcompiler command'];
}
