import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('requireModule', () => {
  it('loads a package synchronously, once', async () => {
    const { requireModule } = await import('./require-module.js');
    const first = requireModule('zod-to-json-schema');
    expect('module' in first && typeof first.module['zodToJsonSchema']).toBe('function');
    expect(requireModule('zod-to-json-schema')).toBe(first);
  });

  it('gives the error of a package that cannot be loaded', async () => {
    const { requireModule } = await import('./require-module.js');
    const result = requireModule('no-such-package-anywhere');
    expect('error' in result && (result.error as Error).message).toMatch(/^Cannot find module 'no-such-package-anywhere'/);
  });

  it('gives an error, without throwing, in a runtime without Node modules', async () => {
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    const { requireModule } = await import('./require-module.js');
    const result = requireModule('zod-to-json-schema');
    expect('error' in result && (result.error as Error).message).toBe('this runtime has no `require` (`process.getBuiltinModule` is missing)');
  });
});
