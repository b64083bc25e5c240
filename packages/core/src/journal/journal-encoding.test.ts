import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePlan } from '../plan/create-plan-parser.js';
import { tool } from '../tool/tool.js';
import { decodeTask, encodeTask } from './journal-encoding.js';

const echo = tool({ name: 'echo', description: 'Echoes.', input: z.object({ value: z.unknown() }), sideEffects: 'none', execute: ({ value }) => value });

describe('journal encoding of tasks', () => {
  it('reads back references, templates, paths and objects whose keys look like its tags, through JSON', () => {
    const text = ['1. echo(1)', '2. echo({"$ref": "mine", "rows": [$1, "costs $$5 or $1.a[0]"], "x": null})', '3. echo(value=$2.rows[0])', '4. join()'].join('\n');
    const { tasks } = parsePlan(text, { tools: [echo] });
    const restored = tasks.map((task) => decodeTask(JSON.parse(JSON.stringify(encodeTask(task)))));
    expect(restored).toEqual(tasks);
    expect(restored[1]!.args).toEqual(tasks[1]!.args);
  });

  it('reads back a task that carries a plan error, as that error', () => {
    const { tasks } = parsePlan('1. nope("x")\n2. join()', { tools: [echo] });
    const [restored] = tasks.map((task) => decodeTask(JSON.parse(JSON.stringify(encodeTask(task)))));
    expect(restored!.error).toMatchObject({ name: tasks[0]!.error!.name, code: 'unknown-tool', message: tasks[0]!.error!.message, taskId: 1 });
  });
});
