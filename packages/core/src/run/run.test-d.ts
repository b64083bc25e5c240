import { describe, expectTypeOf, it } from 'vitest';
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
