import { createCompiler, InvalidOptionError } from '@llmcompiler/core';
import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
import { generateText, stepCountIs } from 'ai';
import * as aiTest from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toAISDKTool } from './to-ai-sdk-tool.js';

const Mock = ((aiTest as Record<string, unknown>)['MockLanguageModelV4'] ?? aiTest.MockLanguageModelV3) as typeof aiTest.MockLanguageModelV3;
type GenerateResult = Awaited<ReturnType<aiTest.MockLanguageModelV3['doGenerate']>>;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** An agent model that calls `research` once with `question`, then answers with the tool's result. */
function agentModel(question: string) {
  const results: GenerateResult[] = [
    {
      content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'research', input: JSON.stringify({ question }) }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage,
      warnings: [],
    },
  ];
  return new Mock({
    doGenerate: async (options) => {
      const first = results.shift();
      if (first !== undefined) return first;
      const toolMessage = options.prompt.find((message) => message.role === 'tool');
      const output = toolMessage?.content[0]?.type === 'tool-result' ? toolMessage.content[0].output : undefined;
      const text = output?.type === 'text' ? output.value : output?.type === 'error-text' ? `failed: ${output.value}` : JSON.stringify(output);
      return { content: [{ type: 'text', text: `The compiler says: ${text}` }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
    },
  });
}

function trenchCompiler(delayMs = 0) {
  const lookup = fakeTool({ name: 'lookup', input: z.object({ name: z.string() }), sideEffects: 'none', latencyMs: delayMs, result: 10994 });
  const model = scriptedModel({ responses: ['1. lookup("Mariana Trench")\n2. join()', 'Action: Finish(10994 m deep)'] });
  return { compiler: createCompiler({ model, tools: [lookup] }), lookup, model };
}

describe('toAISDKTool', () => {
  it('answers a generateText agent’s question with a whole compiler run', async () => {
    const { compiler, lookup } = trenchCompiler();
    const result = await generateText({
      model: agentModel('How deep is the Mariana Trench?'),
      tools: { research: toAISDKTool(compiler, { description: 'Answers research questions.' }) },
      stopWhen: stepCountIs(3),
      prompt: 'How deep is the Mariana Trench?',
    });
    expect(result.text).toBe('The compiler says: 10994 m deep');
    expect(result.steps[0]?.toolResults).toMatchObject([{ toolName: 'research', input: { question: 'How deep is the Mariana Trench?' }, output: '10994 m deep' }]);
    expect(lookup.calls.map((call) => call.input)).toEqual([{ name: 'Mariana Trench' }]);
  });

  it('shows the agent its description and a question-only JSON Schema', async () => {
    const { compiler } = trenchCompiler();
    const research = toAISDKTool(compiler);
    expect(research.description).toBe('Answers a question that needs several tool calls, running them in parallel where it can.');
    const model = agentModel('q');
    await generateText({ model, tools: { research }, prompt: 'q', stopWhen: stepCountIs(2) });
    expect(model.doGenerateCalls[0]?.tools).toEqual([
      {
        type: 'function',
        name: 'research',
        description: 'Answers a question that needs several tool calls, running them in parallel where it can.',
        inputSchema: {
          type: 'object',
          properties: { question: { type: 'string', description: 'The question to answer, with everything needed to answer it.' } },
          required: ['question'],
          additionalProperties: false,
        },
      },
    ]);
  });

  it('aborts the run with the agent’s abort signal', async () => {
    const { compiler, lookup } = trenchCompiler(60_000);
    const research = toAISDKTool(compiler);
    const controller = new AbortController();
    const reason = new Error('agent stopped');
    const pending = research.execute!({ question: 'How deep?' }, { toolCallId: 'c1', messages: [], abortSignal: controller.signal });
    await expect.poll(() => lookup.calls.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect.poll(() => lookup.calls[0]?.outcome).toBe('aborted');
  });

  it('refuses what is not a compiler, and unknown options', () => {
    expect(() => toAISDKTool({} as never)).toThrow(InvalidOptionError);
    expect(() => toAISDKTool({} as never)).toThrow('Expected `compiler` to be a compiler from createCompiler(), got an empty object');
    expect(() => toAISDKTool(trenchCompiler().compiler, { name: 'research' } as never)).toThrow(InvalidOptionError);
  });
});
