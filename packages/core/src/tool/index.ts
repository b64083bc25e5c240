export type {
  AsSchemaOptions,
  JsonSchema,
  JsonSchemaDefinition,
  JsonSchemaTypeName,
  LegacyZodSchema,
  Schema,
  SchemaIssue,
  SchemaLike,
  SchemaValidationResult,
} from './schema.js';
export { asSchema } from './schema.js';
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
