import OpenAI from 'openai';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import type { ApproachAnswer, RunContext, ToolName, World } from '../types.js';
import { readAssistantTurn } from './read-assistant-turn.js';
import { StepLimitError } from './step-limit-error.js';

/** Options of {@link runToolCallingLoop}. */
export interface ToolCallingLoopOptions {
  /**
   * `true`: the model may call several tools per turn (`parallel_tool_calls: true`) and they run at once.
   * `false`: the model is asked for one call per turn (`parallel_tool_calls: false`); if it sends more
   * anyway, they run one after the other, in order.
   */
  readonly parallel: boolean;
  /** The system message the conversation opens with. */
  readonly systemPrompt: string;
  /**
   * With `parallel`: start each call as soon as its arguments have streamed, while the model is still
   * writing the turn, instead of once the turn has ended.
   * @default false
   */
  readonly startEarly?: boolean;
}

/** The world's tools as Chat Completions function tools. */
export function functionTools(world: World): ChatCompletionFunctionTool[] {
  return world.tools.map((spec) => ({
    type: 'function',
    function: { name: spec.name, description: spec.description, parameters: spec.parameters },
  }));
}

/**
 * Answers a question with native function calling: the model is called with the conversation (streamed),
 * the tool calls it returns are executed and their results appended, until it answers without a tool call.
 * A failing tool becomes an `Error: …` tool message for the model to read; only an abort ends the run.
 *
 * @returns The model's last message, trimmed, and when its first text arrived (the turn's end for a turn
 * without text).
 * @throws StepLimitError when `context.maxSteps` LLM calls all asked for tools.
 */
export async function runToolCallingLoop(question: string, context: RunContext, options: ToolCallingLoopOptions): Promise<ApproachAnswer> {
  const { world, model, maxSteps, signal } = context;
  const client = new OpenAI({ baseURL: context.baseURL, apiKey: context.apiKey, maxRetries: 0 });
  const tools = functionTools(world);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: options.systemPrompt },
    { role: 'user', content: question },
  ];
  for (let step = 0; step < maxSteps; step += 1) {
    const stream = await client.chat.completions.create(
      {
        model,
        messages,
        tools,
        parallel_tool_calls: options.parallel,
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    const early = new Map<number, Promise<ChatCompletionToolMessageParam>>();
    const onComplete =
      options.parallel && options.startEarly === true
        ? (index: number, call: ChatCompletionMessageFunctionToolCall) => {
            const result = executeToolCall(world, call, signal);
            // Awaited below with the others; an abort before then must not be an unhandled rejection.
            result.catch(() => {});
            early.set(index, result);
          }
        : undefined;
    const turn = await readAssistantTurn(stream, `call_${step}`, onComplete);
    messages.push(turn.message);
    if (turn.toolCalls.length === 0) return { answer: turn.content.trim(), firstAnswerAt: turn.firstContentAt ?? performance.now() };
    const results = options.parallel
      ? await Promise.all(
          early.size > 0 ? [...early.entries()].sort(([a], [b]) => a - b).map(([, result]) => result) : turn.toolCalls.map((call) => executeToolCall(world, call, signal)),
        )
      : await executeInOrder(world, turn.toolCalls, signal);
    messages.push(...results);
  }
  throw new StepLimitError(maxSteps);
}

async function executeInOrder(
  world: World,
  calls: readonly ChatCompletionMessageFunctionToolCall[],
  signal: AbortSignal | undefined,
): Promise<ChatCompletionToolMessageParam[]> {
  const results: ChatCompletionToolMessageParam[] = [];
  for (const call of calls) results.push(await executeToolCall(world, call, signal));
  return results;
}

/** Runs one call; anything but an abort becomes an error message the model sees. */
async function executeToolCall(
  world: World,
  call: ChatCompletionMessageFunctionToolCall,
  signal: AbortSignal | undefined,
): Promise<ChatCompletionToolMessageParam> {
  const reply = (content: string): ChatCompletionToolMessageParam => ({ role: 'tool', tool_call_id: call.id, content });
  const { name, arguments: text } = call.function;
  if (!isToolName(world, name)) {
    const known = world.tools.map((spec) => spec.name).join(', ');
    return reply(`Error: Expected a tool among ${known}, got \`${name}\``);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return reply(`Error: Expected the arguments to be JSON, got \`${text}\` (${errorMessage(error)})`);
  }
  try {
    return reply(await world.runTool(name, input, signal));
  } catch (error) {
    if (signal?.aborted === true) throw error;
    return reply(`Error: ${errorMessage(error)}`);
  }
}

function isToolName(world: World, name: string): name is ToolName {
  return world.tools.some((spec) => spec.name === name);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
