import { describe, expect, it } from 'vitest';
import { tools } from '../../test/tools.js';
import { Reference, Template } from '../graph/reference.js';
import { resolveReferences } from '../graph/resolve-references.js';
import { collectPlan, parsePlan } from './create-plan-parser.js';
import type { PlanParseResult } from './plan-parser.js';
import { ToolCallPlanParser } from './tool-call-plan-parser.js';

const results = new Map<number, unknown>([
  [1, { rows: ['Mariana'] }],
  [2, 2618],
]);
/** The answer as the run gives it: references resolved, text as it is, other values as JSON. */
const resolved = (result: PlanParseResult): unknown => resolveReferences(result.answer!.value, (id) => results.get(id));
const TASKS = '1. search("a")\n2. math("b", [$1])';

describe('the answer a plan states in its join', () => {
  it('is read from a text plan: a string with references, a bare reference, or answer=', () => {
    const template = parsePlan(`${TASKS}\n3. join("The difference is $2 m, from $1.rows[0] (costs $$5, not $7)")`, { tools });
    expect(template.warnings).toEqual([]);
    expect(template.end).toBe('join');
    expect(template.answer).toMatchObject({ dependencies: [1, 2], source: '"The difference is $2 m, from $1.rows[0] (costs $$5, not $7)"' });
    expect(template.answer!.value).toBeInstanceOf(Template);
    expect(resolved(template)).toBe('The difference is 2618 m, from Mariana (costs $5, not $7)');
    const bare = parsePlan(`${TASKS}\n3. join($2)`, { tools });
    expect(bare.answer!.value).toBeInstanceOf(Reference);
    expect(resolved(bare)).toBe(2618);
    expect(parsePlan(`${TASKS}\n3. join(answer="$1.rows")`, { tools }).answer).toMatchObject({ dependencies: [1] });
    expect(parsePlan(`${TASKS}\n3. join(The difference is $2 m)`, { tools }).answer).toMatchObject({ dependencies: [2] });
  });

  it('is none for join() and for arguments that state no answer, with a join-arguments warning for the latter', () => {
    expect(parsePlan(`${TASKS}\n3. join()`, { tools }).answer).toBeUndefined();
    for (const join of ['join("a", "b")', 'join(text="a")', 'join($9)', 'join("a" "b")']) {
      const result = parsePlan(`${TASKS}\n3. ${join}`, { tools });
      expect(result.answer).toBeUndefined();
      expect(result.end).toBe('join');
      expect(result.warnings.map((warning) => warning.code)).toEqual(['join-arguments']);
    }
    expect(parsePlan(`${TASKS}\n3. join("a", "b")`, { tools }).warnings[0]!.message).toBe(
      'Ignored the arguments of join("a", "b"): expected one answer, got 2 arguments',
    );
  });

  it('is read from a JSON plan, as `answer` or in `args`', () => {
    const tasks = '{"id": 1, "tool": "search", "args": {"query": "a"}},\n{"id": 2, "tool": "math", "args": {"problem": "b", "context": ["$1"]}},';
    const direct = parsePlan(`[${tasks}\n{"tool": "join", "answer": "It is $2 m ($$2)."}]`, { tools, format: 'json' });
    expect(direct.answer).toMatchObject({ dependencies: [2] });
    expect(resolved(direct)).toBe('It is 2618 m ($2).');
    const inArgs = parsePlan(`[${tasks}\n{'tool': 'join', 'args': {'answer': '$1.rows[0]'},}]`, { tools, format: 'json' });
    expect(resolved(inArgs)).toBe('Mariana');
    expect(parsePlan(`[${tasks}\n{"tool": "join"}]`, { tools, format: 'json' }).answer).toBeUndefined();
  });

  it('is read from a join call of native tool calls', () => {
    const parser = new ToolCallPlanParser({ tools });
    const events = [
      ...parser.pushToolCall({ index: 0, name: 'search', arguments: '{"query": "a"}' }),
      ...parser.pushToolCall({ index: 1, name: 'join', arguments: '{"answer": "Found $1.rows[0]' }),
      ...parser.pushToolCall({ index: 1, arguments: '."}' }),
      ...parser.end(),
    ];
    const result = collectPlan(events);
    expect(result.answer).toMatchObject({ dependencies: [1] });
    expect(resolved(result)).toBe('Found Mariana.');
    const bad = new ToolCallPlanParser({ tools });
    const ignored = collectPlan([...bad.pushToolCall({ index: 0, name: 'join', arguments: '[1]' }), ...bad.end()]);
    expect(ignored.answer).toBeUndefined();
    expect(ignored.warnings.map((warning) => warning.code)).toEqual(['join-arguments']);
  });
});
