import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

describe('evaluate', () => {
  it('computes arithmetic with precedence, parentheses and unary minus', () => {
    expect(evaluate('10994 - 8376')).toBe(2618);
    expect(evaluate('2 + 3 * (4 - 1) / 3')).toBe(5);
    expect(evaluate('-(1.5 + 0.5) * 2')).toBe(-4);
  });

  it('refuses anything that is not arithmetic, naming what it found', () => {
    expect(() => evaluate('process.exit(1)')).toThrow('Expected a number or "(" at token 1 of "process.exit(1)", got "p"');
    expect(() => evaluate('1 +')).toThrow('Expected a number or "(" at token 3 of "1 +", got the end');
    expect(() => evaluate('(1 + 2')).toThrow('Expected ")"');
  });
});
