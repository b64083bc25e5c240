export { createCompiler, type Compiler } from './create-compiler.js';
export type {
  CompilerOptions,
  JoinerContext,
  JoinerFunction,
  JoinerOptions,
  PlanFormat,
  PlannerOptions,
  RunOptions,
} from './compiler-options.js';
export type { Run } from './run.js';
export type { ConversationMessage } from './conversation-message.js';
export type { HistoryOptions } from './bound-history.js';
export type { JoinSource, RunEvent, RunEventBase, RunEventOf } from './run-event.js';
export type { RoundResult, RunResult, RunUsage } from './run-result.js';
export type { ToolSelection, ToolSelectionContext, ToolSelector } from './tool-selector.js';
