// Runs the scale section of the latency benchmark alone and prints its report as JSON:
//
//   npx tsx --expose-gc --conditions=@llmcompiler/source src/latency/scale-main.ts [--quick]
//
// (`--expose-gc` lets the baseline heap be measured after a garbage collection.)
import { runScale } from './scale.js';

const started = performance.now();
const report = await runScale({ quick: process.argv.includes('--quick'), log: console.log });
console.log(JSON.stringify(report, null, 2));
console.log(`scale: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
