import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './chat-request.js';
import { countPromptTokens, countTextTokens, splitIntoTokens } from './count-tokens.js';

describe('splitIntoTokens', () => {
  it('gives one piece per o200k token, and the pieces join back into the text', () => {
    const text = 'Thought: I need both depths.\n1. search("Mariana Trench")\n2. join()<END_OF_PLAN>';
    const pieces = splitIntoTokens(text);
    expect(pieces.map((piece) => piece.text).join('')).toBe(text);
    expect(pieces.every((piece) => piece.tokens === 1)).toBe(true);
    expect(pieces).toHaveLength(encode(text).length);
  });

  it('keeps a character whose bytes span several tokens whole, counting all of them', () => {
    const text = 'ok 🎉🦜 déjà 世界';
    const pieces = splitIntoTokens(text);
    expect(pieces.map((piece) => piece.text).join('')).toBe(text);
    expect(pieces.some((piece) => piece.text.includes('\uFFFD'))).toBe(false);
    expect(pieces.reduce((sum, piece) => sum + piece.tokens, 0)).toBe(encode(text).length);
  });

  it('counts special-token text as ordinary text instead of refusing it', () => {
    expect(countTextTokens('<|endoftext|>')).toBeGreaterThan(1);
    expect(splitIntoTokens('a <|endoftext|> b').map((piece) => piece.text).join('')).toBe('a <|endoftext|> b');
  });

  it('gives nothing for empty text', () => {
    expect(splitIntoTokens('')).toEqual([]);
    expect(countTextTokens('')).toBe(0);
  });
});

describe('countPromptTokens', () => {
  const tokens = (text: string) => encode(text).length;

  it('counts 3 per message plus role and content, and 3 for the reply', () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'How deep is the Mariana Trench?' },
      ],
    };
    expect(countPromptTokens(request)).toBe(
      3 + (3 + tokens('system') + tokens('You are terse.')) + (3 + tokens('user') + tokens('How deep is the Mariana Trench?')),
    );
  });

  it('counts names, text parts, tool calls, tool call ids and tool definitions', () => {
    const tools = [{ type: 'function' as const, function: { name: 'search', parameters: { type: 'object' } } }];
    const request: ChatRequest = {
      model: 'm',
      tools,
      messages: [
        { role: 'user', name: 'ada', content: [{ type: 'text', text: 'Find ' }, { type: 'image_url' }, { type: 'text', text: 'it' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'found' },
      ],
    };
    expect(countPromptTokens(request)).toBe(
      3 +
        (3 + tokens('user') + tokens('Find it') + tokens('ada') + 1) +
        (3 + tokens('assistant') + 3 + tokens('search') + tokens('{"q":"x"}')) +
        (3 + tokens('tool') + tokens('found') + tokens('call_1')) +
        tokens(JSON.stringify(tools)),
    );
  });
});
