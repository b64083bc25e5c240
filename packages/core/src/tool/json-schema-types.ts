/** The names JSON Schema's `type` keyword accepts. */
export type JsonSchemaTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A JSON Schema where a subschema may stand: a schema object, or `true` (anything) / `false` (nothing). */
export type JsonSchemaDefinition = JsonSchema | boolean;

/**
 * A JSON Schema object (draft-07, 2019-09 or 2020-12), as shown to the model and as accepted for a tool's
 * `input` or `output`. The keywords this library reads are typed; any other keyword may be present, is
 * passed on unchanged and is enforced by the validator.
 *
 * @example
 * ```ts
 * const input: JsonSchema = {
 *   type: 'object',
 *   properties: { query: { type: 'string', description: 'the text to search for' } },
 *   required: ['query'],
 * };
 * ```
 */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $ref?: string;
  readonly $defs?: { readonly [name: string]: JsonSchemaDefinition };
  readonly type?: JsonSchemaTypeName | readonly JsonSchemaTypeName[];
  readonly properties?: { readonly [name: string]: JsonSchemaDefinition };
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchemaDefinition;
  readonly items?: JsonSchemaDefinition | readonly JsonSchemaDefinition[];
  readonly prefixItems?: readonly JsonSchemaDefinition[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchemaDefinition[];
  readonly oneOf?: readonly JsonSchemaDefinition[];
  readonly allOf?: readonly JsonSchemaDefinition[];
  readonly not?: JsonSchemaDefinition;
  readonly description?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly [keyword: string]: unknown;
}
