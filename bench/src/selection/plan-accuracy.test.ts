import { tool, type AnyTool } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { comparePlans, isomorphicDags, planNodes, type PlanNode } from './plan-accuracy.js';

const schema = { type: 'object', properties: { query: { type: 'string' }, context: { type: 'array' } } } as const;
const tools: AnyTool[] = ['search', 'math', 'summarize'].map((name) => tool({ name, description: name, input: schema, execute: () => null }));
const nodes = (plan: string) => planNodes(plan, { tools });
const score = (plan: string, gold: string) => comparePlans(nodes(plan), nodes(gold)).verdict;

const GOLD = ['1. search("Mariana Trench")', '2. search("Puerto Rico Trench")', '3. math("difference", [$1, $2])', '4. summarize($3)', '5. join()'].join('\n');

describe('comparePlans', () => {
  it('matches the same plan, and one with its ids renumbered and independent tasks reordered', () => {
    expect(score(GOLD, GOLD)).toBe('match');
    const renumbered = ['1. search("Puerto Rico Trench")', '2. search("Mariana Trench")', '3. math("difference", [$2, $1])', '4. summarize($3)', '5. join()'].join('\n');
    expect(score(renumbered, GOLD)).toBe('match');
    const gaps = ['3. search("x")', '7. search("y")', '9. math("difference", [$7, $3])', '12. summarize($9)', '13. join()'].join('\n');
    expect(score(gaps, GOLD)).toBe('match');
  });

  it('reads ${N}, paths and several references in one argument as the run does, and ignores arguments', () => {
    const written = ['1. search("a")', '2. search("b")', '3. math("compare ${1}.rows and $2[0].depth", context=[$1.rows])', '4. summarize(query="$3")', '5. join()'].join('\n');
    expect(nodes(written).map((node) => node.dependencies)).toEqual([[], [], [1, 2], [3]]);
    expect(score(written, GOLD)).toBe('match');
  });

  it('does not match a swapped dependency', () => {
    // The summary reads the first search instead of the difference.
    const swapped = ['1. search("Mariana Trench")', '2. search("Puerto Rico Trench")', '3. math("difference", [$1, $2])', '4. summarize($1)', '5. join()'].join('\n');
    expect(score(swapped, GOLD)).toBe('different-structure');
    // The same edges counted, one moved: math waits for one search only, the summary for the other.
    const moved = ['1. search("a")', '2. search("b")', '3. math("difference", [$1])', '4. summarize($3, [$2])', '5. join()'].join('\n');
    expect(score(moved, GOLD)).toBe('different-structure');
  });

  it('does not match a different tool, an extra task or a missing one', () => {
    expect(score(GOLD.replace('4. summarize($3)', '4. math($3)'), GOLD)).toBe('different-tools');
    expect(score(GOLD.replace('5. join()', '5. search("more")\n6. join()'), GOLD)).toBe('different-tools');
    expect(score(GOLD.replace('4. summarize($3)\n', ''), GOLD)).toBe('different-tools');
  });

  it('counts a task with a tool the plan was not given, under its written name', () => {
    const unknown = GOLD.replace('4. summarize($3)', '4. summarise($3)');
    expect(nodes(unknown)[3]).toEqual({ id: 4, tool: 'summarise', dependencies: [3] });
    expect(score(unknown, GOLD)).toBe('different-tools');
  });
});

describe('isomorphicDags', () => {
  const node = (id: number, tool: string, dependencies: number[] = []): PlanNode => ({ id, tool, dependencies });

  it('tells apart graphs that local counts alone do not', () => {
    // Two chains a -> a -> a plus one lone a, against a chain of two and a fan: same labels and edge count.
    const chain = [node(1, 'a'), node(2, 'a', [1]), node(3, 'a', [2]), node(4, 'a')];
    const split = [node(1, 'a'), node(2, 'a', [1]), node(3, 'a'), node(4, 'a', [3])];
    expect(isomorphicDags(chain, split)).toBe(false);
    expect(isomorphicDags(chain, [node(9, 'a'), node(5, 'a', [7]), node(7, 'a', [9]), node(2, 'a')])).toBe(true);
  });

  it('matches a diamond however its middle is numbered, not a diamond with one edge reversed in label', () => {
    const diamond = [node(1, 's'), node(2, 'm', [1]), node(3, 'x', [1]), node(4, 'j', [2, 3])];
    expect(isomorphicDags(diamond, [node(1, 's'), node(2, 'x', [1]), node(3, 'm', [1]), node(4, 'j', [3, 2])])).toBe(true);
    expect(isomorphicDags(diamond, [node(1, 's'), node(2, 'm', [1]), node(3, 'x', [2]), node(4, 'j', [1, 3])])).toBe(false);
  });

  it('matches empty plans', () => {
    expect(isomorphicDags([], [])).toBe(true);
  });
});
