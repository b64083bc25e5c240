import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel, type ScriptedResponse } from '../test/scripted-model.js';
import type { JoinerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const search = () => fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 100, result: 'found' });
const PLAN = '1. search("a")\n2. join()';

/** A run whose rounds each plan one search and join with the given answers, one per round. */
function start(joiner: ScriptedResponse | readonly ScriptedResponse[], options: { joiner?: JoinerOptions } = {}): Run {
  const answers: readonly ScriptedResponse[] = Array.isArray(joiner) ? joiner : [joiner];
  const responses = answers.flatMap((answer, index) => [`${index + 1}. search("a")\n${index + 2}. join()`, answer]);
  const model = scriptedModel({ responses });
  return createCompiler({ model, tools: [search()], planner: { answerInPlan: false }, ...options }).run('q');
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const texts: string[] = [];
  for await (const text of iterable) texts.push(text);
  return texts;
}

describe('streamed answers', () => {
  it('come as answer-delta events while the joiner writes, between join-start and join-end, adding up to the answer', async () => {
    const run = start({ text: 'Action: Finish(The trench (in the Pacific) is "deep".)', chunkSize: 5, delayPerChunkMs: 10 });
    const streamed = collect(run.textStream);
    await vi.runAllTimersAsync();
    const result = await run.result();
    const types = run.events.map((event) => event.type).filter((type) => type.startsWith('join') || type === 'answer-delta');
    expect(types[0]).toBe('join-start');
    expect(types.at(-1)).toBe('join-end');
    const deltas = run.events.flatMap((event) => (event.type === 'answer-delta' ? [event] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((event) => event.round === 1)).toBe(true);
    expect(deltas.map((event) => event.text).join('')).toBe('The trench (in the Pacific) is "deep".');
    expect(result.answer).toBe('The trench (in the Pacific) is "deep".');
    expect((await streamed).join('')).toBe(result.answer);
    // The first piece came well before the joiner finished.
    const joinEnd = run.events.find((event) => event.type === 'join-end')!;
    expect(result.firstAnswerAt).toBe(deltas[0]!.time);
    expect(result.firstAnswerAt).toBeLessThan(joinEnd.time - 50);
  });

  it('add up to the answer for any chunking of text and JSON answers, brackets and quotes inside', async () => {
    const cases: readonly [JoinerOptions['format'], string, string][] = [
      ['text', 'Thought: ok\nAction: Finish(It\'s "Exit :)" (see [1]) and `f(x`.)\nDone.', 'It\'s "Exit :)" (see [1]) and `f(x`.'],
      ['text', 'Action: Finish("Paris (France)")', 'Paris (France)'],
      ['json', '{"thought": "ok", "action": "finish", "answer": "A \\"quoted\\" (bracket) \\u00e9\\n}"}', 'A "quoted" (bracket) \u00E9\n}'],
    ];
    for (const [format, text, answer] of cases) {
      for (let chunkSize = 1; chunkSize <= 9; chunkSize++) {
        const run = start({ text, chunkSize }, { joiner: { format } });
        const streamed = collect(run.textStream);
        await vi.runAllTimersAsync();
        expect((await run.result()).answer).toBe(answer);
        expect((await streamed).join('')).toBe(answer);
      }
    }
  });

  it('never come from a round that asks for a new plan', async () => {
    const run = start(['Thought: more.\nAction: Replan(search (again))', 'Action: Finish(done)']);
    await vi.runAllTimersAsync();
    const { answer } = await run.result();
    expect(answer).toBe('done');
    const deltas = run.events.flatMap((event) => (event.type === 'answer-delta' ? [event] : []));
    expect(deltas.every((event) => event.round === 2)).toBe(true);
    expect(deltas.map((event) => event.text).join('')).toBe('done');
  });

  it('give a plain-prose answer in one piece at the end, after its join-warning', async () => {
    const run = start({ text: 'The Mariana Trench is deeper.', chunkSize: 3 });
    await vi.runAllTimersAsync();
    await run.result();
    const types = run.events.map((event) => event.type).filter((type) => type.startsWith('join') || type === 'answer-delta');
    expect(types).toEqual(['join-start', 'join-warning', 'answer-delta', 'join-end']);
    expect(run.events.find((event) => event.type === 'answer-delta')).toMatchObject({ text: 'The Mariana Trench is deeper.' });
  });

  it("give a function joiner's answer in one piece", async () => {
    const model = scriptedModel({ responses: [PLAN] });
    const run = createCompiler({ model, tools: [search()], joiner: () => 'from the function' }).run('q');
    const streamed = collect(run.textStream);
    await vi.runAllTimersAsync();
    expect(await streamed).toEqual(['from the function']);
    const result = await run.result();
    expect(result.firstAnswerAt).toBe(run.events.find((event) => event.type === 'answer-delta')!.time);
  });

  it('end the text stream with the run error when the run fails', async () => {
    const run = start('Action: Search(nothing)');
    const streamed = collect(run.textStream).then(
      () => undefined,
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();
    expect(JoinerParseError.isInstance(await streamed)).toBe(true);
    await expect(run.result()).rejects.toThrow(JoinerParseError);
  });

  it('give the time of the answer as firstAnswerAt when the answer is empty', async () => {
    const run = start('Action: Finish()');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(result.answer).toBe('');
    expect(run.events.some((event) => event.type === 'answer-delta')).toBe(false);
    expect(result.firstAnswerAt).toBe(run.events.find((event) => event.type === 'join-end')!.time);
  });
});
