export {
  collectPlan,
  createPlanParser,
  parsePlan,
  parsePlanStream,
  type CreatePlanParserOptions,
  type PlanParseResult,
  type PlanParser,
  type PlanParserOptions,
} from './plan-parser.js';
export type { PlanEndReason, PlanEvent } from './plan-event.js';
export type { PlanWarning, PlanWarningCode } from './plan-warning.js';
export { TextPlanParser } from './text-plan-parser.js';
export { JsonPlanParser } from './json-plan-parser.js';
export { ToolCallPlanParser, type ToolCallDelta } from './tool-call-plan-parser.js';
export type { ToolSet } from './tool-map.js';
export { END_OF_PLAN } from './end-of-plan.js';
