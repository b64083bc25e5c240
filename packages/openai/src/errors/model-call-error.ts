// The error lives in @llmcompiler/core, shared by every model adapter; this module keeps the old import path.
export { ModelCallError, type ModelCallErrorDetails, type NoResponse } from '@llmcompiler/core';
