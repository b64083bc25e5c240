// A run with an answer schema: the joiner is asked for JSON of its shape, the answer is validated and typed,
// an answer that does not fit is asked for once more, and a second miss fails with an AnswerValidationError.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AnswerValidationError } from '../errors/answer-validation-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel, type ScriptedResponse } from '../test/scripted-model.js';
import type { CompilerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const Trench = z.object({ name: z.string(), depthMeters: z.number() });
const PLAN = '1. search("Mariana Trench")\n2. join()<END_OF_PLAN>';
const GOOD = '{"name": "Mariana Trench", "depthMeters": 10994}';
const BAD = '{"name": "Mariana Trench", "depthMeters": "about 11 km"}';

function setup(responses: readonly ScriptedResponse[], options: Partial<CompilerOptions> = {}) {
  const search = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 10, result: '10,994 m' });
  const model = scriptedModel({ responses });
  const compiler = createCompiler({ model, tools: [search], ...options });
  return { model, compiler };
}

async function settle<T>(run: Run<T>): Promise<unknown> {
  const settled = run.result().then(
    (result) => result,
    (error: unknown) => error,
  );
  await vi.runAllTimersAsync();
  return settled;
}

const deltas = (run: Run<unknown>) => run.events.filter((event) => event.type === 'answer-delta').map((event) => event.text);

describe('an answer schema', () => {
  it('asks a text joiner for JSON of the shape, and gives the validated answer, its JSON text streamed once', async () => {
    const { model, compiler } = setup([PLAN, `Thought: the search says it.\nAction: Finish(${GOOD})`]);
    const run = compiler.run('How deep is the Mariana Trench?', { answer: Trench });
    await settle(run);
    const result = await run.result();
    expect(result.answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    const json = '{"name":"Mariana Trench","depthMeters":10994}';
    expect(deltas(run)).toEqual([json]);
    expect(result.messages).toEqual([{ role: 'user', content: 'How deep is the Mariana Trench?' }, { role: 'assistant', content: json }]);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'finished', answer: json });
    expect(result.rounds[0]!.decision).toEqual({ thought: 'the search says it.', action: { type: 'finish', answer: json } });
    const joiner = model.requests[1]!;
    expect(joiner.responseFormat).toBeUndefined();
    const prompt = joiner.messages.at(-1)!.content;
    expect(prompt).toContain('The answer is data for a program: write it as JSON inside `Action: Finish(...)`');
    expect(prompt).toContain(JSON.stringify(z.toJSONSchema(Trench, { io: 'input', target: 'draft-07' })));
  });

  it('asks a JSON joiner for its decision through the response format, with the answer schema inside', async () => {
    const { model, compiler } = setup([PLAN, `{"action": "finish", "answer": ${GOOD}}`], { joiner: { format: 'json' } });
    const run = compiler.run('How deep is the Mariana Trench?', { answer: Trench });
    await settle(run);
    expect((await run.result()).answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    const format = model.requests[1]!.responseFormat;
    expect(format).toMatchObject({
      type: 'json',
      name: 'joiner_decision',
      schema: {
        type: 'object',
        required: ['action'],
        properties: { action: { enum: ['finish', 'replan'] }, answer: { type: 'object', required: ['name', 'depthMeters'] } },
      },
    });
    // The answer schema's draft goes from the nested schema; the plan format is unchanged.
    expect((format as unknown as { schema: { properties: { answer: object } } }).schema.properties.answer).not.toHaveProperty('$schema');
    expect(model.requests[0]!.responseFormat).toBeUndefined();
  });

  it('gives the schema\'s output, its transforms applied, and keeps the JSON as written in the messages', async () => {
    const Depth = z.object({ depthMeters: z.number().transform((meters) => meters / 1000) });
    const { compiler } = setup([PLAN, 'Action: Finish({"depthMeters": 10994})']);
    const run = compiler.run([{ role: 'user', content: 'How deep, in km?' }], { answer: Depth });
    await settle(run);
    const result = await run.result();
    expect(result.answer).toEqual({ depthMeters: 10.994 });
    expect(result.messages).toEqual([{ role: 'assistant', content: '{"depthMeters":10994}' }]);
  });

  it('takes a JSON Schema object, and a string schema answered without quotes', async () => {
    const json = setup([PLAN, 'Action: Finish(```json\n[1, 2, 3]\n```)']);
    const list = json.compiler.run('q', { answer: { type: 'array', items: { type: 'integer' } } });
    await settle(list);
    expect((await list.result()).answer).toEqual([1, 2, 3]);
    const text = setup([PLAN, 'Action: Finish(Mariana Trench)']);
    const name = text.compiler.run('q', { answer: z.string() });
    await settle(name);
    expect((await name.result()).answer).toBe('Mariana Trench');
    expect((await name.result()).messages.at(-1)).toEqual({ role: 'assistant', content: '"Mariana Trench"' });
  });

  it('asks once more with the issues when the answer does not fit, and takes the second answer', async () => {
    const first = `Action: Finish(${BAD})`;
    const { model, compiler } = setup([PLAN, first, `Action: Finish(${GOOD})`]);
    const run = compiler.run('How deep is the Mariana Trench?', { answer: Trench });
    await settle(run);
    const result = await run.result();
    expect(result.answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    expect(result.usage.calls).toBe(3);
    const types = run.events.map((event) => event.type).filter((type) => type.startsWith('join') || type === 'answer-delta' || type === 'run-end');
    expect(types).toEqual(['join-start', 'join-warning', 'answer-delta', 'join-end', 'run-end']);
    expect(run.events.find((event) => event.type === 'join-warning')).toMatchObject({
      warning: {
        code: 'invalid-answer',
        message: 'The answer does not fit the answer schema: depthMeters: expected number, received string; the joiner is asked once more',
        issues: [{ path: ['depthMeters'] }],
      },
    });
    // The repair request is the first request, the joiner's reply, and the issues.
    const [, joiner, repair] = model.requests;
    expect(repair!.messages.slice(0, -2)).toEqual(joiner!.messages);
    expect(repair!.messages.at(-2)).toEqual({ role: 'assistant', content: first });
    expect(repair!.messages.at(-1)).toEqual({
      role: 'user',
      content:
        'Your answer does not fit the JSON Schema of the answer: depthMeters: expected number, received string. Write your reply again, and ' +
        'finish this time: `Action: Finish(<the JSON answer>)`, the JSON alone inside the parentheses, fitting the schema. No more tool calls can be made.',
    });
    // Usage of both joiner calls is the round's.
    const joinEnd = run.events.find((event) => event.type === 'join-end');
    expect(joinEnd).toMatchObject({ source: 'joiner' });
    expect((joinEnd as { usage: { totalTokens: number } }).usage.totalTokens).toBe(result.usage.joiner.totalTokens);
  });

  it('fails with an AnswerValidationError naming the issues when the second answer does not fit either', async () => {
    const { model, compiler } = setup([PLAN, 'Action: Finish(about 11 km)', `Action: Finish(${BAD})`]);
    const run = compiler.run('How deep is the Mariana Trench?', { answer: Trench });
    const error = await settle(run);
    expect(AnswerValidationError.isInstance(error)).toBe(true);
    const failure = error as AnswerValidationError;
    expect(failure.attempts).toBe(2);
    expect(failure.issues).toEqual([expect.objectContaining({ path: ['depthMeters'] })]);
    expect(failure.text).toBe(BAD);
    expect(failure.message).toBe(
      `Expected the answer to fit the answer schema (after 1 repair attempt), got depthMeters: expected number, received string in ${JSON.stringify(BAD)}`,
    );
    // The first miss was text that is not JSON, which the warning says.
    expect(run.events.find((event) => event.type === 'join-warning')).toMatchObject({ warning: { issues: [{ path: [], message: expect.stringMatching(/^expected JSON, got text that is not JSON/) }] } });
    expect(deltas(run)).toEqual([]);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed', error });
    expect(model.requests).toHaveLength(3);
  });

  it('fails with an AnswerValidationError when the joiner replans instead of repairing', async () => {
    const { compiler } = setup([PLAN, `Action: Finish(${BAD})`, 'Action: Replan(look again)']);
    const error = await settle(compiler.run('q', { answer: Trench }));
    expect(AnswerValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('expected a finish with an answer, got a replan');
  });

  it('replans as usual before any answer: the schema applies to finishes', async () => {
    const { compiler } = setup([PLAN, 'Action: Replan(search again)', '2. search("Mariana")\n3. join()<END_OF_PLAN>', `Action: Finish(${GOOD})`]);
    const run = compiler.run('q', { answer: Trench });
    await settle(run);
    expect((await run.result()).answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    expect(run.events.filter((event) => event.type === 'replan')).toHaveLength(1);
  });

  it('ends the repair call at once when the run is aborted during it', async () => {
    const { model, compiler } = setup([PLAN, `Action: Finish(${BAD})`, { text: `Action: Finish(${GOOD})`, failure: { type: 'hang', afterChunks: 2 } }]);
    const run = compiler.run('q', { answer: Trench });
    const settled = run.result().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    run.on('join-warning', () => {
      // The repair call starts right after the warning: abort once it has streamed a little.
      void vi.advanceTimersByTimeAsync(1).then(() => run.abort(new Error('the user left')));
    });
    await vi.runAllTimersAsync();
    const error = await settled;
    expect((error as Error).message).toBe('the user left');
    expect(model.requests).toHaveLength(3);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted' });
  });

  it('stops waiting for an answer schema that never answers when the run is aborted', async () => {
    const { compiler } = setup([PLAN, `Action: Finish(${GOOD})`]);
    let run: Run<unknown> | undefined;
    const Stuck = Trench.refine(() => {
      run!.abort(new Error('the user left'));
      return new Promise<boolean>(() => {});
    });
    run = compiler.run('q', { answer: Stuck });
    const error = await settle(run);
    expect((error as Error).message).toBe('the user left');
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted' });
  });

  it('does not ask the plan for an answer, and never takes one it states', async () => {
    const { model, compiler } = setup(['1. search("Mariana Trench")\n2. join("$1")<END_OF_PLAN>', `Action: Finish(${GOOD})`]);
    const run = compiler.run('q', { answer: Trench });
    await settle(run);
    expect((await run.result()).answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    expect(run.events.find((event) => event.type === 'join-end')).toMatchObject({ source: 'joiner' });
    expect(model.requests).toHaveLength(2);
    // The planner's prompt is the one without answerInPlan.
    const without = setup([PLAN, 'Action: Finish(x)'], { planner: { answerInPlan: false } });
    const plain = without.compiler.run('q');
    await settle(plain);
    expect(model.requests[0]!.messages[0]).toEqual(without.model.requests[0]!.messages[0]);
  });

  it('gives a function joiner the JSON Schema, validates its answer, and fails at once when it does not fit', async () => {
    const schemas: unknown[] = [];
    const good = setup([PLAN], { joiner: ({ answerSchema }) => (schemas.push(answerSchema), GOOD) });
    const ok = good.compiler.run('q', { answer: Trench });
    await settle(ok);
    expect((await ok.result()).answer).toEqual({ name: 'Mariana Trench', depthMeters: 10994 });
    expect(schemas[0]).toMatchObject({ type: 'object', required: ['name', 'depthMeters'] });
    const bad = setup([PLAN], { joiner: () => BAD });
    const error = await settle(bad.compiler.run('q', { answer: Trench }));
    expect(AnswerValidationError.isInstance(error)).toBe(true);
    expect((error as AnswerValidationError).attempts).toBe(1);
    expect((error as Error).message).toMatch(/^Expected the answer to fit the answer schema, got depthMeters: /);
  });

  it('refuses an answer option that is no schema, or cannot be shown as JSON Schema, at once', () => {
    const { compiler } = setup([]);
    expect(() => compiler.run('q', { answer: 42 as never })).toThrow(InvalidOptionError);
    expect(() => compiler.run('q', { answer: 42 as never })).toThrow(/^Expected `answer` to be a schema `tool\(\)` accepts/);
    expect(() => compiler.run('q', { answer: z.date() })).toThrow(/^Expected `answer` to be a schema .* got .*expressible as JSON Schema/);
  });
});
