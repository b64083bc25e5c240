import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCompiler } from '../run/create-compiler.js';
import { scriptedModel } from '../test/scripted-model.js';
import { tool } from '../tool/tool.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('the run signal', () => {
  it('carries a listener of each of 30 running tool calls without a MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    let listening = 0;
    const wait = tool({
      name: 'wait',
      description: 'Waits until every call is running.',
      input: z.object({ n: z.number() }),
      sideEffects: 'none',
      execute: ({ n }, { signal }) =>
        new Promise<number>((resolve) => {
          const onAbort = () => resolve(-1);
          signal.addEventListener('abort', onAbort, { once: true });
          listening++;
          // Settle only once all 30 listen, so that they are all attached at the same time.
          const check = () => (listening === 30 ? resolve(n) : setTimeout(check, 1));
          check();
        }),
    });
    const plan = `${Array.from({ length: 30 }, (_, index) => `${index + 1}. wait(${index})`).join('\n')}\n31. join()`;
    const compiler = createCompiler({ model: scriptedModel({ responses: [plan, 'Action: Finish(done)'] }), tools: [wait] });
    const result = await compiler.run('Wait for all.').result();
    expect(result.tasks.map((record) => record.value)).toEqual(Array.from({ length: 30 }, (_, index) => index));
    // Node emits the warning on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
