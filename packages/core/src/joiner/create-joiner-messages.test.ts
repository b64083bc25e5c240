import { describe, expect, it } from 'vitest';
import { createJoinerMessages, renderAnswerRepair, type JoinerMessagesOptions } from './create-joiner-messages.js';
import { renderObservedTasks, type ObservedTask } from './observed-task.js';
import { parseJoinerJson } from './parse-joiner-json.js';
import { parseJoinerOutput } from './parse-joiner-output.js';

const tasks: ObservedTask[] = [
  { id: 1, tool: 'search', source: 'search("Mariana Trench")', thought: 'Both depths first.', observation: 'Depth: 10,994 m.\nIn the Pacific.' },
  { id: 2, tool: 'search', source: 'search("Puerto Rico Trench")', observation: 'Request timed out after 10000 ms', failed: true },
  { id: 3, tool: 'math', source: 'math("difference", context=[$1, $2])', observation: 'task 2 failed', skipped: true },
];

const messages = (options: Partial<JoinerMessagesOptions> = {}) =>
  createJoinerMessages({ question: 'Which trench is deeper, and by how much?', tasks, mustFinish: false, format: 'text', ...options });

describe('renderObservedTasks', () => {
  it('renders each task as its thought, its call and its labelled observation', () => {
    expect(renderObservedTasks(tasks)).toBe(
      [
        'Thought: Both depths first.',
        '1. search("Mariana Trench")',
        '   Observation: Depth: 10,994 m.',
        '   In the Pacific.',
        '2. search("Puerto Rico Trench")',
        '   Error: Request timed out after 10000 ms',
        '3. math("difference", context=[$1, $2])',
        '   Skipped: task 2 failed',
      ].join('\n'),
    );
  });

  it('marks an empty observation', () => {
    expect(renderObservedTasks([{ id: 4, tool: 'f', source: 'f()', observation: '' }])).toBe('4. f()\n   Observation: (empty)');
  });
});

describe('createJoinerMessages', () => {
  it('gives a system message and a user message', () => {
    const result = messages();
    expect(result.map(({ role }) => role)).toEqual(['system', 'user']);
  });

  it('shows the question, every task with its observation or error, the plan errors and the planner thought', () => {
    const [, user] = messages({ plannerThought: 'Then compare them.', planErrors: ['Task 4 repeats id 2.'] });
    expect(user!.content).toContain('Question: Which trench is deeper, and by how much?');
    expect(user!.content).toContain(renderObservedTasks(tasks));
    expect(user!.content).toContain('The plan also had these errors:\n- Task 4 repeats id 2.');
    expect(user!.content).toContain("The planner's last thought: Then compare them.");
    expect(user!.content).toMatch(/Now write your Action\.$/);
    expect(messages({ thought: 'required' })[1]!.content).toMatch(/Now write your Thought and Action\.$/);
  });

  it('says when no task ran', () => {
    expect(messages({ tasks: [] })[1]!.content).toContain('No tasks ran: the plan had none.');
  });

  it('offers Finish and Replan in the text format, a thought only where it buys accuracy by default', () => {
    const system = messages()[0]!.content;
    expect(system).toContain('Action: Finish(<the answer for the user>)');
    expect(system).toContain('Action: Replan(<what is missing and what the next plan should do>)');
    expect(system).toContain('go straight to the action');
    expect(system).toContain('first write one short line `Thought: <your reasoning>` before the action');
    expect(system).not.toContain('Thought: <your reasoning about the results, briefly>');
    expect(system).toContain('`Error:` failed');
    expect(system).toContain('`Skipped:` never ran');
  });

  it('asks for a thought before every action with thought: required, and for none with thought: none', () => {
    const required = messages({ thought: 'required' })[0]!.content;
    expect(required).toContain('Thought: <your reasoning about the results, briefly>\nAction: Finish(<the answer for the user>)');
    expect(required).toContain('Thought: <your reasoning>\nAction: Replan(');
    const none = messages({ thought: 'none' })[0]!.content;
    expect(none).toContain('Reply with the action alone');
    expect(none).not.toContain('Thought:');
    expect(messages({ thought: 'none', format: 'json' })[0]!.content).not.toContain('"thought"');
  });

  it('keeps the system prompt the same across questions, results and rounds, for prefix caching', () => {
    const system = messages()[0]!.content;
    expect(messages({ question: 'Another question?', tasks: [], plannerThought: 'x', planErrors: ['y'] })[0]!.content).toBe(system);
    expect(messages({ mustFinish: true })[0]!.content).toBe(system);
    expect(messages({ format: 'json', mustFinish: true })[0]!.content).toBe(messages({ format: 'json' })[0]!.content);
  });

  it('tells the joiner in the user message, last, when it must finish', () => {
    const [system, user] = messages({ mustFinish: true });
    expect(system!.content).toContain('When the message says it is the last round, you must finish');
    expect(user!.content).toMatch(/This is the last round: you must finish\. Answer with `Action: Finish\(\.\.\.\)`: no more tool calls can be made\. Now write your Action\.$/);
    expect(messages()[1]!.content).not.toContain('last round');
  });

  it('asks for the JSON object in the JSON format, its action before its answer', () => {
    const system = messages({ format: 'json' })[0]!.content;
    expect(system).toContain('{"action": "finish", "answer": "<the answer for the user>"}');
    expect(system).toContain('"action": "replan", "feedback"');
    expect(system).toContain('first write a short `"thought": "<your reasoning>"` as the first key');
    expect(system).not.toContain('Action: Finish(');
    expect(messages({ format: 'json', thought: 'required' })[0]!.content).toContain(
      '{"thought": "<your reasoning about the results, briefly>", "action": "finish", "answer": "<the answer for the user>"}',
    );
    expect(messages({ format: 'json' })[1]!.content).toMatch(/Now write the JSON object\.$/);
    expect(messages({ format: 'json', mustFinish: true })[1]!.content).toContain('Answer with `"action": "finish"`');
  });

  it('appends extra instructions', () => {
    expect(messages({ instructions: '  Answer in French.  ' })[0]!.content).toMatch(/\n\nAdditional instructions:\nAnswer in French\.$/);
    expect(messages({ instructions: ' ' })[0]!.content).not.toContain('Additional instructions');
  });

  it('asks for shapes that its own parsers read, with and without a thought', () => {
    for (const thought of ['required', 'optional', 'none'] as const) {
      const system = messages({ thought })[0]!.content;
      const finishLine = system.split('\n').find((line) => line.startsWith('Action: Finish('))!;
      expect(parseJoinerOutput(`Thought: x\n${finishLine}`).action.type).toBe('finish');
      expect(parseJoinerOutput(finishLine).action.type).toBe('finish');
      const jsonLines = messages({ format: 'json', thought })[0]!.content.split('\n').filter((line) => line.startsWith('{'));
      expect(jsonLines.map((line) => parseJoinerJson(line).action.type)).toEqual(['finish', 'replan']);
    }
  });
});

describe('createJoinerMessages with a conversation and an answer schema', () => {
  const history = [
    { role: 'user' as const, content: 'How deep is the Mariana Trench?' },
    { role: 'assistant' as const, content: '10,994 m.' },
  ];
  const schema = { type: 'object' as const, properties: { meters: { type: 'number' as const } }, required: ['meters'] };

  it('puts the earlier turns between the system message and the question, the system message unchanged', () => {
    const alone = messages();
    const withHistory = messages({ history });
    expect(withHistory.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(withHistory[0]).toEqual(alone[0]);
    expect(withHistory.slice(1, 3)).toEqual(history);
    expect(withHistory[3]!.content).toBe(
      `The messages above are the conversation so far. Answer the latest question, below, for the user, using the conversation to understand it:\n\n${alone[1]!.content}`,
    );
  });

  it.each([
    ['text', 'The answer is data for a program: write it as JSON inside `Action: Finish(...)`, the JSON alone (no prose, no fences)'],
    ['json', 'The answer is data for a program: `answer` is a JSON value (not a string holding JSON, unless the schema asks for a string)'],
  ] as const)('asks a %s joiner for the answer as JSON of the schema, in the question\'s message only', (format, asked) => {
    const [system, user] = messages({ format, answerSchema: schema });
    expect(system).toEqual(messages({ format })[0]);
    expect(user!.content).toContain(`${asked}, fitting this JSON Schema:\n${JSON.stringify(schema)}`);
  });

  it('asks for a repair in the joiner\'s format, listing the issues', () => {
    const issues = [{ path: ['meters'], message: 'Invalid input: expected number, received string' }];
    expect(renderAnswerRepair({ issues, format: 'json' })).toBe(
      'Your answer does not fit the JSON Schema of the answer: meters: expected number, received string. Write your reply again, and finish this ' +
        'time: `{"action": "finish", "answer": <the JSON answer>}`, the answer a JSON value, not a string holding JSON, fitting the schema. No more tool calls can be made.',
    );
  });
});
