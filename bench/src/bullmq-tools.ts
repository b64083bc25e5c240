import { tool } from '@llmcompiler/core';
import { z } from 'zod';

/** `value + 1`, at once: the zero-latency tool of the BullMQ benchmark, as of the run-overhead one. */
export const step = tool({
  name: 'step',
  description: 'Adds one to a number, at once.',
  input: z.object({ value: z.number().describe('The number.') }),
  output: z.number(),
  sideEffects: 'none',
  execute: ({ value }) => value + 1,
});
