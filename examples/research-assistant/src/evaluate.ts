/**
 * Evaluates an arithmetic expression (numbers, + - * /, parentheses, unary minus) with a small
 * recursive-descent parser: never `eval`, so the model's text can only ever be arithmetic.
 */
export function evaluate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) ?? [];
  let index = 0;
  const peek = () => tokens[index];
  const fail = (expected: string): never => {
    throw new Error(`Expected ${expected} at token ${index + 1} of "${expression}", got ${peek() === undefined ? 'the end' : `"${peek()}"`}`);
  };
  const primary = (): number => {
    const token = peek();
    if (token === '(') {
      index++;
      const value = sum();
      if (peek() !== ')') fail('")"');
      index++;
      return value;
    }
    if (token === '-') {
      index++;
      return -primary();
    }
    if (token !== undefined && /^\d/.test(token)) {
      index++;
      return Number(token);
    }
    return fail('a number or "("');
  };
  const product = (): number => {
    let value = primary();
    while (peek() === '*' || peek() === '/') value = tokens[index++] === '*' ? value * primary() : value / primary();
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = tokens[index++] === '+' ? value + product() : value - product();
    return value;
  };
  const value = sum();
  if (index < tokens.length) fail('an operator');
  return value;
}
