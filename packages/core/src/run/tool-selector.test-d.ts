import { describe, expectTypeOf, it } from 'vitest';
import { createEmbeddingToolSelector } from '../select/embedding-tool-selector.js';
import { createLexicalToolSelector } from '../select/lexical-tool-selector.js';
import type { AnyTool } from '../tool/tool.js';
import type { CompilerOptions } from './compiler-options.js';
import type { RunEventOf } from './run-event.js';
import type { RoundResult } from './run-result.js';
import type { ToolSelectionContext, ToolSelector } from './tool-selector.js';

describe('ToolSelector', () => {
  it('may return tools or names, at once or in a promise', () => {
    expectTypeOf<() => string[]>().toMatchTypeOf<ToolSelector>();
    expectTypeOf<(context: ToolSelectionContext) => Promise<AnyTool[]>>().toMatchTypeOf<ToolSelector>();
    expectTypeOf<(context: ToolSelectionContext) => readonly (AnyTool | string)[]>().toMatchTypeOf<ToolSelector>();
    expectTypeOf<() => string>().not.toMatchTypeOf<ToolSelector>();
    expectTypeOf<() => Promise<number[]>>().not.toMatchTypeOf<ToolSelector>();
  });

  it('is what the built-in selectors make, and what selectTools takes', () => {
    expectTypeOf(createLexicalToolSelector()).toEqualTypeOf<ToolSelector>();
    expectTypeOf(createEmbeddingToolSelector({ embed: async (texts) => texts.map(() => [0]) })).toEqualTypeOf<ToolSelector>();
    expectTypeOf<CompilerOptions['selectTools']>().toEqualTypeOf<ToolSelector | undefined>();
  });

  it('names the selected tools in events and round results', () => {
    expectTypeOf<RunEventOf<'tools-selected'>>().toHaveProperty('tools').toEqualTypeOf<readonly string[]>();
    expectTypeOf<RoundResult>().toHaveProperty('tools').toEqualTypeOf<readonly string[] | undefined>();
  });
});
