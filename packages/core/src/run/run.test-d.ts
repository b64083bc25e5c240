import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ConversationMessage } from './conversation-message.js';
import type { Compiler } from './create-compiler.js';
import type { Run } from './run.js';
import type { RunResult } from './run-result.js';
import type { RunEvent, RunEventOf } from './run-event.js';

describe('Run', () => {
  it('offers only what users call: no emit, no setResult', () => {
    expectTypeOf<Run>().toHaveProperty('result').returns.toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf<Run>().toHaveProperty('abort');
    expectTypeOf<Run>().toHaveProperty('on');
    expectTypeOf<Run>().toMatchTypeOf<AsyncIterable<RunEvent>>();
    expectTypeOf<Run>().not.toHaveProperty('emit');
    expectTypeOf<Run>().not.toHaveProperty('setResult');
    expectTypeOf<Run>().not.toHaveProperty('emitToken');
  });

  it('streams the answer as text, and types its events and result', () => {
    expectTypeOf<Run['textStream']>().toEqualTypeOf<AsyncIterable<string>>();
    expectTypeOf<RunEventOf<'answer-delta'>>().toHaveProperty('text').toEqualTypeOf<string>();
    expectTypeOf<RunEventOf<'join-end'>>().toHaveProperty('source').toEqualTypeOf<'joiner' | 'plan'>();
    expectTypeOf<RunResult>().toHaveProperty('firstAnswerAt').toEqualTypeOf<number>();
  });
});

describe('the answer type', () => {
  const compiler = {} as Compiler;

  it('is a string without an answer schema, and the schema\'s output with one', () => {
    expectTypeOf(compiler.run('q')).toEqualTypeOf<Run>();
    expectTypeOf(compiler.run('q')).toEqualTypeOf<Run<string>>();
    expectTypeOf(compiler.run('q', { signal: new AbortController().signal })).toEqualTypeOf<Run<string>>();

    const Trench = z.object({ name: z.string(), depthMeters: z.number().transform((meters) => meters / 1000) });
    const run = compiler.run('q', { answer: Trench });
    expectTypeOf(run).toEqualTypeOf<Run<{ name: string; depthMeters: number }>>();
    expectTypeOf<Awaited<ReturnType<typeof run.result>>['answer']>().toEqualTypeOf<{ name: string; depthMeters: number }>();
    expectTypeOf(compiler.run('q', { answer: z.array(z.string()) }).result()).resolves.toHaveProperty('answer').toEqualTypeOf<string[]>();
    // The text stream is the answer's text whatever its type.
    expectTypeOf(run.textStream).toEqualTypeOf<AsyncIterable<string>>();
  });

  it('is unknown for a JSON Schema object, which carries no type', () => {
    const run = compiler.run('q', { answer: { type: 'object', properties: { name: { type: 'string' } } } });
    expectTypeOf(run.result()).resolves.toHaveProperty('answer').toEqualTypeOf<unknown>();
  });

  it('takes a question or a conversation of user and assistant messages, and gives messages to append', () => {
    const history: ConversationMessage[] = [{ role: 'user', content: 'q' }];
    expectTypeOf(compiler.run(history)).toEqualTypeOf<Run<string>>();
    expectTypeOf<RunResult['messages']>().toEqualTypeOf<readonly ConversationMessage[]>();
    history.push(...([] as RunResult['messages']));
    // @ts-expect-error a system message is not part of a conversation
    compiler.run([{ role: 'system', content: 'Be brief.' }]);
    // @ts-expect-error the answer option takes a schema
    compiler.run('q', { answer: 42 });
  });
});
