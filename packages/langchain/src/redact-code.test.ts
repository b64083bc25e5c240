// The redaction code is kept in both adapters (they share no package but core); these copies must not drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const code = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
/** The file without the two lines that say it is a copy. */
const body = (path: string) => code(path).split('\n').slice(2).join('\n');

describe('the redaction code', () => {
  it.each(['redact-secret.ts', 'redact-value.ts'])('%s is the same as in @llmcompiler/openai', (file) => {
    expect(body(`./${file}`)).toBe(code(`../../openai/src/${file}`));
  });
});
