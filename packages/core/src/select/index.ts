export { createLexicalToolSelector, type LexicalToolSelectorOptions } from './lexical-tool-selector.js';
export { createEmbeddingToolSelector, type EmbedFunction, type EmbeddingToolSelectorOptions } from './embedding-tool-selector.js';
export type { TopToolsOptions } from './top-tools.js';
export type { SelectionHistoryOptions } from './selection-query.js';
export type { Bm25Parameters } from './bm25.js';
