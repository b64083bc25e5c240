import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactSecret } from './redact-secret.js';
import { redactValue } from './redact-value.js';

const KEY = 'sk-unit-redact-5e8f1a2b3c4d';
const secrets = [KEY];

/** Every rendering a log may make of `value`. */
const shown = (value: unknown) =>
  [inspect(value, { depth: Infinity }), inspect(value, { depth: Infinity, showHidden: true }), String(value), JSON.stringify(value) ?? ''].join('\n');

describe('redactSecret', () => {
  it('replaces every secret, and any bearer token even when the key is unknown', () => {
    expect(redactSecret(`a ${KEY} b ${KEY}`, secrets)).toBe('a [redacted] b [redacted]');
    expect(redactSecret('Authorization: Bearer tok_3f9a8b7c6d5e', [])).toBe('Authorization: Bearer [redacted]');
    expect(redactSecret('Expected a Bearer token', [])).toBe('Expected a Bearer token');
  });

  it('leaves placeholder keys shorter than 8 characters alone', () => {
    expect(redactSecret('model ollama not found', ['ollama'])).toBe('model ollama not found');
  });
});

describe('redactValue', () => {
  it('gives back the very value when nothing in it shows a secret', () => {
    const error = new Error('fine', { cause: { headers: new Headers({ 'x-request-id': 'req_1' }) } });
    expect(redactValue(error, secrets)).toBe(error);
    expect(redactValue('text', secrets)).toBe('text');
  });

  it('copies an error of the same class, redacting message, stack, cause and fields, and leaves the original as it was', () => {
    class ProviderError extends Error {
      readonly status = 401;
      readonly headers = new Headers({ authorization: `Bearer ${KEY}`, 'x-echo': `key=${KEY}`, 'x-request-id': 'req_1' });
      readonly error = { message: `bad ${KEY}`, nested: [{ apiKey: KEY }] };
    }
    const original = new ProviderError(`401 bad ${KEY}`, { cause: new TypeError(`fetch ${KEY}`) });
    const before = shown(original);
    const copy = redactValue(original, secrets);

    expect(shown(original)).toBe(before);
    expect(original.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(copy).not.toBe(original);
    expect(copy).toBeInstanceOf(ProviderError);
    expect(copy.message).toBe('401 bad [redacted]');
    expect(copy.stack?.startsWith('Error: 401 bad [redacted]\n    at ')).toBe(true);
    expect(copy.status).toBe(401);
    expect(Object.fromEntries(copy.headers)).toEqual({
      authorization: 'Bearer [redacted]',
      'x-echo': 'key=[redacted]',
      'x-request-id': 'req_1',
    });
    expect(copy.error).toEqual({ message: 'bad [redacted]', nested: [{ apiKey: '[redacted]' }] });
    expect(copy.cause).toBeInstanceOf(TypeError);
    expect((copy.cause as Error).message).toBe('fetch [redacted]');
    expect(Object.keys(copy)).toEqual(Object.keys(original));
    expect(shown(copy)).not.toContain(KEY);
  });

  it('redacts credential headers and fields by name, whatever their value', () => {
    const copy = redactValue(
      { headers: { Authorization: 'Bearer unknown-token-value', 'api-key': 'azure-key-value', 'x-echo-authorization': 'Basic dXNlcjpwYXNz' }, ok: 'kept' },
      secrets,
    );
    expect(copy).toEqual({
      headers: { Authorization: 'Bearer [redacted]', 'api-key': '[redacted]', 'x-echo-authorization': 'Basic [redacted]' },
      ok: 'kept',
    });
  });

  it('follows arrays, Maps, Sets and cycles', () => {
    const error: Error & { self?: unknown } = new Error(`loop ${KEY}`);
    error.self = error;
    const map = new Map<unknown, unknown>([
      ['authorization', 'Bearer something-secret'],
      ['error', error],
    ]);
    const value = { list: [KEY], map, set: new Set([KEY]) };
    const copy = redactValue(value, secrets);
    expect(shown(copy)).not.toContain(KEY);
    expect(copy.map.get('authorization')).toBe('Bearer [redacted]');
    const copiedError = copy.map.get('error') as Error & { self?: unknown };
    expect(copiedError.self).toBe(copiedError);
    expect([...copy.set]).toEqual(['[redacted]']);
  });

  it('turns a Response or Request into a plain object of its url, status and headers', () => {
    const response = new Response('body', { status: 401, statusText: 'Unauthorized', headers: { authorization: `Bearer ${KEY}` } });
    const request = new Request(`https://llm.example/v1?key=${KEY}`, { method: 'POST', headers: { 'x-api-key': KEY } });
    const copy = redactValue({ response, request }, secrets);
    expect(copy.response).toMatchObject({ status: 401, statusText: 'Unauthorized' });
    expect((copy.response as { headers: Headers }).headers.get('authorization')).toBe('Bearer [redacted]');
    expect(copy.request).toMatchObject({ method: 'POST', url: 'https://llm.example/v1?key=[redacted]' });
    expect(shown(copy)).not.toContain(KEY);
    expect(response.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('copies an instance of another class with its prototype, or as a plain object when it renders itself', () => {
    class Config {
      readonly token = KEY;
      describe() {
        return 'config';
      }
    }
    class Opaque {
      readonly #hidden = 'private';
      readonly token = KEY;
      [inspect.custom]() {
        return `Opaque(${this.#hidden}, ${this.token})`;
      }
    }
    const copy = redactValue({ config: new Config(), opaque: new Opaque() }, secrets);
    expect(copy.config).toBeInstanceOf(Config);
    expect(copy.config.describe()).toBe('config');
    expect(copy.opaque).not.toBeInstanceOf(Opaque);
    expect(copy.opaque).toEqual({ token: '[redacted]' });
    expect(shown(copy)).not.toContain(KEY);
  });

  it('hides a secret however deep: past the depth it copies, what would show one becomes [redacted]', () => {
    let deep: Record<string, unknown> = { key: KEY };
    for (let level = 0; level < 30; level++) deep = { next: deep };
    const copy = redactValue(deep, secrets);
    expect(shown(copy)).not.toContain(KEY);
    expect(shown(copy)).toContain('[redacted]');
  });
});
