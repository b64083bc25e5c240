export {
  asSchema,
  isSchema,
  type JsonSchema,
  type JsonSchemaDefinition,
  type JsonSchemaTypeName,
  type Schema,
  type SchemaIssue,
  type SchemaLike,
  type SchemaValidationResult,
} from './schema.js';
export { renderJsonSchemaType } from './render-type.js';
export { formatIssuePath, formatIssues } from '../util/format-issues.js';
export {
  tool,
  type AnyTool,
  type RetryOptions,
  type SideEffects,
  type Tool,
  type ToolApprovalContext,
  type ToolContext,
  type ToolOptions,
} from './tool.js';
export { toolParameters, type ToolParameter } from './tool-parameters.js';
export { renderToolDescription, renderToolSignature } from './render-signature.js';
export { validateToolInput, validateToolOutput, type ValidateToolValueOptions } from './validate-tool-input.js';
