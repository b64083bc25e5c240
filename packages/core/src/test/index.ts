/**
 * @module
 * Test helpers for code built on `@llmcompiler/core`: a scripted {@link scriptedModel | language model}
 * that streams canned answers with scripted timing, and {@link fakeTool | fake tools} with scripted latency,
 * results and failures that record their calls. Both time themselves with the global `setTimeout`, so
 * `vi.useFakeTimers()` (or any fake clock) makes tests exact and instant.
 *
 * @example
 * ```ts
 * import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
 *
 * const model = scriptedModel({ timeToFirstTokenMs: 200, responses: ['1. search("x")\n2. join()'] });
 * const search = fakeTool({ name: 'search', sideEffects: 'none', latencyMs: 100, result: 'found' });
 * ```
 */
export {
  scriptedModel,
  type ScriptedFailure,
  type ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedResponder,
  type ScriptedResponse,
  type ScriptedTiming,
  type ScriptedToolCall,
} from './scripted-model.js';
export { ScriptedModelError, type ScriptedModelErrorCode } from './scripted-model-error.js';
export { fakeTool, type FakeTool, type FakeToolCall, type FakeToolOptions, type FakeToolOutcome } from './fake-tool.js';
export { crashableJournal, type CrashableJournal } from './crashable-journal.js';
