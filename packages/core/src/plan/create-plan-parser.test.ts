import { describe, expect, it } from 'vitest';
import { tools } from '../../test/tools.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { collectPlan, createPlanParser } from './create-plan-parser.js';
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
});
