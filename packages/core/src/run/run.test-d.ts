import { describe, expectTypeOf, it } from 'vitest';
import type { Run } from './run.js';
import type { RunResult } from './run-result.js';
import type { RunEvent } from './run-event.js';

describe('Run', () => {
  it('offers only what users call: no emit, no setResult', () => {
    expectTypeOf<Run>().toHaveProperty('result').returns.toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf<Run>().toHaveProperty('abort');
    expectTypeOf<Run>().toHaveProperty('on');
    expectTypeOf<Run>().toMatchTypeOf<AsyncIterable<RunEvent>>();
    expectTypeOf<Run>().not.toHaveProperty('emit');
    expectTypeOf<Run>().not.toHaveProperty('setResult');
  });
});
