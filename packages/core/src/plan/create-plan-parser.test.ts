import { describe, expect, it } from 'vitest';
import { tools } from '../../test/tools.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import { collectPlan, createPlanParser, parsePlan } from './create-plan-parser.js';
import type { PlanEvent } from './plan-event.js';

describe('createPlanParser: one interface for every format', () => {
  it('reads a plan of native tool calls through pushToolCall, with text as the next call\'s thought', () => {
    const parser = createPlanParser({ tools, format: 'tool-calls' });
    const events: PlanEvent[] = [
      ...parser.push('Both depths first.'),
      ...parser.pushToolCall({ index: 0, name: 'search', arguments: '{"query": "Mariana' }),
      ...parser.pushToolCall({ index: 0, arguments: ' Trench"}' }),
      ...parser.pushToolCall({ index: 1, name: 'join', arguments: '{}' }),
      ...parser.end(),
    ];
    const { tasks, end } = collectPlan(events);
    expect(tasks.map((task) => [task.id, task.tool, task.args, task.thought])).toEqual([[1, 'search', { query: 'Mariana Trench' }, 'Both depths first.']]);
    expect(end).toBe('join');
  });

  it.each(['text', 'json'] as const)('reports a native tool call in a %s plan as one warning per call, and parses the plan as before', (format) => {
    const parser = createPlanParser({ tools, format });
    const plan = format === 'text' ? '1. search("a")\n2. join()' : '[{"id": 1, "tool": "search", "args": {"query": "a"}}, {"tool": "join"}]';
    const events: PlanEvent[] = [
      ...parser.pushToolCall({ index: 0, name: 'search', arguments: '{"query":' }),
      ...parser.pushToolCall({ index: 0, arguments: '"b"}' }),
      ...parser.push(plan),
      ...parser.end(),
    ];
    const { tasks, warnings, end } = collectPlan(events);
    expect(tasks.map((task) => task.args)).toEqual([{ query: 'a' }]);
    expect(warnings).toEqual([
      { code: 'ignored-tool-call', message: `Ignored a native tool call to \`search\`: the planner writes ${format} plans, not tool calls` },
    ]);
    expect(end).toBe('join');
  });

  it('refuses an unknown format', () => {
    expect(() => createPlanParser({ tools, format: 'yaml' as never })).toThrow(InvalidOptionError);
    expect(() => createPlanParser({ tools, format: 'yaml' as never })).toThrow(
      "Expected `format` to be one of 'text', 'json', 'tool-calls', got `\"yaml\"` (string)",
    );
  });

  it.each(['text', 'json'] as const)('counts the tasks of a %s plan past maxTasks, reporting them in one error, and still finds join', (format) => {
    const lines = Array.from({ length: 6 }, (_, i) => (format === 'text' ? `${i + 1}. search("q${i + 1}")` : `{"id": ${i + 1}, "tool": "search", "args": {"query": "q${i + 1}"}}`));
    const plan = format === 'text' ? `${lines.join('\n')}\n7. join()` : `[${lines.join(',\n')},\n{"tool": "join"}]`;
    const { tasks, errors, end } = parsePlan(plan, { tools, format, maxTasks: 2 });
    expect(tasks.map((task) => task.id)).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    const error = errors[0]!;
    expect(TooManyTasksError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'too-many-tasks', dropped: 4, taskId: 3, maxTasksPerPlan: 2 });
    expect(error.message).toBe('4 tasks were not run (from task 3 on): a plan may hold at most 2 tasks (maxTasksPerPlan)');
    expect(end).toBe('join');
  });

  it('refuses limits out of range', () => {
    expect(() => createPlanParser({ tools, maxTasks: 0 })).toThrow('Expected `maxTasks` to be an integer from 1 and up, or Infinity, got `0` (number)');
    expect(() => createPlanParser({ tools, maxNesting: -1 })).toThrow('Expected `maxNesting` to be an integer from 1 and up, got `-1` (number)');
  });
});
