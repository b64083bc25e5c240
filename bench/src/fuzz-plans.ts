// 100,000 mutated plans through the three plan parsers (text, JSON, tool calls): none may throw anything but
// a typed error of the library, every chunking must give the same events, and no single call (push,
// pushToolCall or end) should take more than 50 ms. A parse that throws or disagrees fails the script; a
// slow call is reported against the target, as every timing target of the benchmark is.
import fc from 'fast-check';
import { checkCase, fuzzCase } from './fuzz/plan-fuzz.js';

const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 100_000);
const seed = 20_261_130 + 1;
let slowest = 0;
let over = 0;
const start = performance.now();
fc.assert(
  fc.property(fuzzCase, (test) => {
    const ms = checkCase(test);
    slowest = Math.max(slowest, ms);
    if (ms > 50) over++;
  }),
  { numRuns: runs, seed },
);
const seconds = (performance.now() - start) / 1000;
console.log(`Plan fuzzing on Node ${process.version}: ${runs.toLocaleString('en-US')} mutated plans (seed ${seed}) in ${seconds.toFixed(1)} s\n`);
console.log('| check | result | target |');
console.log('|---|---|---|');
console.log(`| parses that threw anything but a typed error | 0 | 0 |`);
console.log(`| chunkings that disagreed | 0 | 0 |`);
console.log(`| slowest single call | ${slowest.toFixed(2)} ms | at most 50 ms |`);
console.log(`| calls over 50 ms | ${over} | 0 |`);
console.log(slowest <= 50 ? '\nOK: every call within 50 ms' : '\nMISSED: a call took longer than 50 ms (reported, not failed: a loaded machine can miss it)');
