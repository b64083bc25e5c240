import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { LLMCompilerError } from '../errors/llmcompiler-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { CompilerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';
import { tool } from '../tool/tool.js';

const model = scriptedModel({ responses: [] });
const search = fakeTool({ name: 'search', sideEffects: 'none', result: 'found' });

function optionError(options: Record<string, unknown>): InvalidOptionError {
  try {
    createCompiler({ model, tools: [search], ...options } as CompilerOptions);
  } catch (error) {
    if (InvalidOptionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`createCompiler accepted ${JSON.stringify(options)}`);
}

describe('createCompiler option checks', () => {
  it.each([
    [{ concurrency: 0 }, 'Expected `concurrency` to be an integer from 1 and up, or Infinity, got `0` (number)'],
    [{ concurrency: -1 }, 'Expected `concurrency` to be an integer from 1 and up, or Infinity, got `-1` (number)'],
    [{ concurrency: Number.NaN }, 'Expected `concurrency` to be an integer from 1 and up, or Infinity, got `NaN` (number)'],
    [{ concurrency: 2.5 }, 'Expected `concurrency` to be an integer from 1 and up, or Infinity, got `2.5` (number)'],
    [{ eager: 'sometimes' }, "Expected `eager` to be one of 'safe', 'all', 'none', got `\"sometimes\"` (string)"],
    [{ planner: { format: 'yaml' } }, "Expected `planner.format` to be one of 'text', 'json', 'tool-calls', got `\"yaml\"` (string)"],
    [{ joiner: { format: 'tool-calls' } }, "Expected `joiner.format` to be one of 'text', 'json', got `\"tool-calls\"` (string)"],
    [{ approve: true }, 'Expected `approve` to be a function, got `true` (boolean)'],
    [{ timeoutMs: 0 }, 'Expected `timeoutMs` to be a positive number of milliseconds, got `0` (number)'],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'Expected `timeoutMs` to be a positive number of milliseconds, got `Infinity` (number)'],
    [{ maxReplans: -1 }, 'Expected `maxReplans` to be an integer from 0 and up, got `-1` (number)'],
    [{ maxTasksPerPlan: 0 }, 'Expected `maxTasksPerPlan` to be an integer from 1 and up, got `0` (number)'],
    [{ maxObservationChars: 1.5 }, 'Expected `maxObservationChars` to be an integer from 1 and up, got `1.5` (number)'],
    [{ planner: { temperature: 3 } }, 'Expected `planner.temperature` to be a number from 0 to 2, got `3` (number)'],
    [{ planner: { maxTokens: 0 } }, 'Expected `planner.maxTokens` to be an integer from 1 and up, got `0` (number)'],
    [{ planner: { examples: 42 } }, 'Expected `planner.examples` to be a string, got `42` (number)'],
    [{ planner: { model: {} } }, 'Expected `planner.model` to be a LanguageModel (an object with a `stream` method), got an empty object'],
    [{ joiner: 'finish' }, 'Expected `joiner` to be joiner options (an object) or a function, got `"finish"` (string)'],
    [{ joiner: { instructions: 1 } }, 'Expected `joiner.instructions` to be a string, got `1` (number)'],
    [{ joiner: { strict: 'yes' } }, 'Expected `joiner.strict` to be a boolean, got `"yes"` (string)'],
    [{ joiner: { thought: 'always' } }, "Expected `joiner.thought` to be one of 'required', 'optional', 'none', got `\"always\"` (string)"],
    [{ planner: { answerInPlan: 'yes' } }, 'Expected `planner.answerInPlan` to be a boolean, got `"yes"` (string)'],
    [{ maxReplan: 3 }, 'Expected `maxReplan` to be a known option (model, tools, planner, joiner, maxReplans, maxTasksPerPlan, concurrency, eager, timeoutMs, maxObservationChars, approve, history, selectTools, journal), got `3` (number)'],
    [{ planner: { fromat: 'json' } }, 'Expected `planner.fromat` to be a known option (model, format, temperature, examples, instructions, maxTokens, answerInPlan), got `"json"` (string)'],
  ])('refuses %o with a message naming the option, what was expected and what came', (options, message) => {
    const error = optionError(options);
    expect(error.message).toBe(message);
    expect(error.name).toBe('InvalidOptionError');
    expect(LLMCompilerError.isInstance(error)).toBe(true);
  });

  it('carries the option, what was expected and what came as fields', () => {
    const error = optionError({ concurrency: 0 });
    expect(error).toMatchObject({ option: 'concurrency', expected: 'an integer from 1 and up, or Infinity', received: 0 });
  });

  it('accepts every documented form of the options', () => {
    const joiner = () => 'done';
    for (const options of [
      { concurrency: Number.POSITIVE_INFINITY },
      { concurrency: 4, eager: 'all', timeoutMs: 1_000, maxReplans: 0, approve: () => true },
      { planner: { format: 'json', temperature: 0.5, examples: false, instructions: 'Be brief.', maxTokens: 100 } },
      { planner: { format: 'tool-calls', model }, joiner: { format: 'json', model, temperature: 0 } },
      { joiner: { strict: true } },
      { joiner: { thought: 'required' } },
      { joiner: { thought: 'none', format: 'json' } },
      { planner: { answerInPlan: false } },
      { planner: { answerInPlan: true }, joiner },
      { joiner: { strict: false, format: 'json' } },
      { joiner },
      { concurrency: undefined, eager: undefined, planner: undefined, joiner: undefined },
    ]) {
      expect(() => createCompiler({ model, tools: [search], ...options } as CompilerOptions)).not.toThrow();
    }
  });

  it('checks the question and the options of a run', () => {
    const compiler = createCompiler({ model, tools: [search] });
    expect(() => compiler.run(42 as never)).toThrow(
      "Expected `input` to be a question (a non-empty string) or a conversation (a non-empty array of `{ role, content }` messages, role 'user' or 'assistant', the last one the user's), got `42` (number)",
    );
    expect(() => compiler.run('q', { signal: 'stop' as never })).toThrow('Expected `signal` to be an AbortSignal, got `"stop"` (string)');
    expect(() => compiler.run('q', { approve: 1 as never })).toThrow('Expected `approve` to be a function, got `1` (number)');
    expect(() => compiler.run('q', { signa: new AbortController().signal } as never)).toThrow(InvalidOptionError);
  });

  it('builds every tool\'s input JSON Schema, refusing one that is not an object schema before any run', () => {
    const echo = tool({ name: 'echo', description: 'Echo.', input: z.string() as never, execute: (text) => text });
    expect(() => createCompiler({ model, tools: [search, echo] })).toThrow(ToolDefinitionError);
    expect(() => createCompiler({ model, tools: [search, echo] })).toThrow(
      'Expected `input` of tool `echo` to be an object schema with `properties` (such as `z.object({ ... })`), got a schema of type `"string"` (string)',
    );
    const when = tool({ name: 'when', description: 'When.', input: z.object({ at: z.date() }), execute: () => null });
    expect(() => createCompiler({ model, tools: [when] })).toThrow(/^Expected `input` of tool `when` to be expressible as JSON Schema/);
  });
});
