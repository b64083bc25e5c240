import { describe, expect, it } from 'vitest';
import { FULL_LEAK_OPTIONS, QUICK_LEAK_OPTIONS, parseLeakArgs } from './leak-args.js';

describe('parseLeakArgs', () => {
  it('gives the full counts without flags', () => {
    expect(parseLeakArgs([])).toEqual({ sequential: 10_000, warmup: 500, concurrent: 5_000, quick: false });
    expect(parseLeakArgs([])).toEqual(FULL_LEAK_OPTIONS);
  });

  it('gives the smaller counts with --quick', () => {
    expect(parseLeakArgs(['--quick'])).toEqual(QUICK_LEAK_OPTIONS);
    expect(QUICK_LEAK_OPTIONS.sequential).toBeLessThan(FULL_LEAK_OPTIONS.sequential);
    expect(QUICK_LEAK_OPTIONS.concurrent).toBeLessThan(FULL_LEAK_OPTIONS.concurrent);
  });

  it('lets each count be set, in either mode', () => {
    expect(parseLeakArgs(['--sequential', '300', '--concurrent=40', '--warmup', '0'])).toEqual({
      sequential: 300,
      warmup: 0,
      concurrent: 40,
      quick: false,
    });
    expect(parseLeakArgs(['--quick', '--concurrent', '300'])).toEqual({ ...QUICK_LEAK_OPTIONS, concurrent: 300 });
  });

  it('refuses counts that are not whole numbers in range, naming the flag and the value', () => {
    expect(() => parseLeakArgs(['--sequential', '0'])).toThrow('Expected `--sequential` to be an integer from 1 and up, got "0"');
    expect(() => parseLeakArgs(['--concurrent', '2.5'])).toThrow('Expected `--concurrent` to be an integer from 1 and up, got "2.5"');
    expect(() => parseLeakArgs(['--warmup', '-1'])).toThrow(RangeError);
    expect(() => parseLeakArgs(['--warmup', ''])).toThrow('Expected `--warmup` to be an integer from 0 and up, got ""');
    expect(() => parseLeakArgs(['--sequential', 'many'])).toThrow('got "many"');
  });

  it('refuses unknown flags and positional arguments', () => {
    expect(() => parseLeakArgs(['--live'])).toThrow(/Expected the flags --quick, --sequential N, --warmup N and --concurrent N, got "--live"/);
    expect(() => parseLeakArgs(['10'])).toThrow(RangeError);
  });
});
