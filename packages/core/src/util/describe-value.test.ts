import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';
import { describeValue } from './describe-value.js';

function hostileProxy(): object {
  const handler = new Proxy({}, { get: () => () => { throw new Error('trap'); } });
  return new Proxy({}, handler);
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('describeValue', () => {
  it('says what came, with its type', () => {
    expect(describeValue(0)).toBe('`0` (number)');
    expect(describeValue('abc')).toBe('`"abc"` (string)');
    expect(describeValue([1, 2, 3])).toBe('an array of length 3');
    expect(describeValue(Object.assign(Object.create(null) as object, { code: 1 }))).toBe('an object with keys code');
  });

  it('never throws: a value it cannot look into is described as such', () => {
    expect(describeValue(hostileProxy())).toBe('a value that cannot be described');
    expect(describeValue(revokedProxy())).toBe('a value that cannot be described');
    expect(describeValue({ toString: () => { throw new Error('no'); } })).toBe('an object with keys toString');
  });
});

describe('describeError', () => {
  it('gives an error\'s message, a string as it is, and a description of anything else', () => {
    expect(describeError(new TypeError('bad'))).toBe('bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(null)).toBe('`null`');
  });

  it('never throws', () => {
    const badMessage = Object.defineProperty(new Error('x'), 'message', { get: () => { throw new Error('getter'); } });
    for (const value of [hostileProxy(), revokedProxy(), badMessage, Object.create(null)]) {
      expect(typeof describeError(value)).toBe('string');
    }
    expect(describeError(revokedProxy())).toBe('a value that cannot be described');
  });
});
