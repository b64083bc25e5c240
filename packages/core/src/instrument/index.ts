export type { ModelCallInfo, RunInstrumentation, ToolCallInfo } from './run-instrumentation.js';
