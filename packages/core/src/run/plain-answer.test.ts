// A joiner that answers in plain prose, without `Action: Finish(...)`: its text is the answer, reported
// with a `join-warning`, unless `joiner.strict` is set.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { JoinerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const PLAN = '1. search("Mariana Trench")\n2. join()';

function start(joinerAnswer: string, joiner: JoinerOptions = {}): Run {
  const search = fakeTool({ name: 'search', sideEffects: 'none', latencyMs: 10, result: '10,994 m' });
  const model = scriptedModel({ responses: [PLAN, joinerAnswer] });
  return createCompiler({ model, tools: [search], joiner, maxReplans: 2 }).run('How deep is the Mariana Trench?');
}

async function settle(run: Run): Promise<unknown> {
  const settled = run.result().then(
    (result) => result,
    (error: unknown) => error,
  );
  await vi.runAllTimersAsync();
  return settled;
}

describe('a joiner that answers in plain prose', () => {
  it('answers with its text, and a join-warning between join-start and join-end says so', async () => {
    const run = start('The Mariana Trench is 10,994 m deep.');
    await settle(run);
    const result = await run.result();
    expect(result.answer).toBe('The Mariana Trench is 10,994 m deep.');
    const types = run.events.map((event) => event.type).filter((type) => type.startsWith('join') || type === 'run-end');
    expect(types).toEqual(['join-start', 'join-warning', 'join-end', 'run-end']);
    const warning = run.events.find((event) => event.type === 'join-warning');
    expect(warning).toMatchObject({
      round: 1,
      warning: {
        code: 'plain-answer',
        message:
          'Expected the joiner to answer with `Action: Finish(<answer>)` or `Action: Replan(<feedback>)`, got plain text ' +
          '"The Mariana Trench is 10,994 m deep."; it is taken as the answer (set `joiner.strict` to fail instead)',
      },
    });
    expect(result.rounds[0]!.decision).toEqual({ thought: undefined, action: { type: 'finish', answer: 'The Mariana Trench is 10,994 m deep.' } });
  });

  it('keeps a leading thought as the decision\'s thought, and drops fences', async () => {
    const run = start('Thought: the search answered it.\n```\n10,994 m\n```');
    await settle(run);
    const { rounds, answer } = await run.result();
    expect(answer).toBe('10,994 m');
    expect(rounds[0]!.decision?.thought).toBe('the search answered it.');
  });

  it('never replans on prose that talks about replanning, even before the last round', async () => {
    const run = start('We should replan and search again; for now: about 11 km.');
    await settle(run);
    const result = await run.result();
    expect(result.answer).toBe('We should replan and search again; for now: about 11 km.');
    expect(run.events.some((event) => event.type === 'replan')).toBe(false);
    expect(result.usage.calls).toBe(2);
  });

  it('answers with the text of a JSON joiner that wrote no JSON', async () => {
    const run = start('It is 10,994 m deep.', { format: 'json' });
    await settle(run);
    expect((await run.result()).answer).toBe('It is 10,994 m deep.');
    expect(run.events.find((event) => event.type === 'join-warning')).toMatchObject({ warning: { code: 'plain-answer' } });
  });

  it.each([
    ['text', 'The answer is 42.'],
    ['json', 'The answer is 42.'],
  ] as const)('fails with a JoinerParseError with joiner.strict (%s)', async (format, text) => {
    const run = start(text, { strict: true, format });
    const error = await settle(run);
    expect(JoinerParseError.isInstance(error)).toBe(true);
    expect((error as JoinerParseError).text).toBe(text);
    expect(run.events.some((event) => event.type === 'join-warning')).toBe(false);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed', error });
  });

  it.each([
    ['an empty answer', '', {}],
    ['a thought and no answer', 'Thought: I know it now.', {}],
    ['an action that cannot be read', 'Action: Search(depth)', {}],
    ['a cut-off JSON object', '{"action": "finish", "answer": "10,9', { format: 'json' }],
  ] as const)('still fails with a JoinerParseError on %s', async (_, text, joiner) => {
    const run = start(text, joiner);
    const error = await settle(run);
    expect(JoinerParseError.isInstance(error)).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
  });

  it('fails with a typed error, not a RangeError, on a JSON answer nested 100,000 levels deep', async () => {
    const run = start(`{"action": "finish", "answer": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, { format: 'json' });
    const error = await settle(run);
    expect(JoinerParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('nested too deeply');
  });
});
