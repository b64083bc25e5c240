export { createPlanParser, parsePlan, parsePlanStream } from './create-plan-parser.js';
export type { CreatePlanParserOptions, PlanParseResult, PlanParser, PlanParserOptions, ToolCallDelta } from './plan-parser.js';
export type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
export type { PlanWarning, PlanWarningCode } from './plan-warning.js';
export type { ToolSet } from './tool-map.js';
export { END_OF_PLAN } from './end-of-plan.js';
