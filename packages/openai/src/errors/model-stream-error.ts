// The error lives in @llmcompiler/core, shared by every model adapter; this module keeps the old import path.
export { ModelStreamError } from '@llmcompiler/core';
