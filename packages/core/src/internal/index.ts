/**
 * @module
 * Helpers shared by the llmcompiler packages. Not part of the public API: they may change in any release.
 */
export { describeValue, listNames } from '../util/describe-value.js';
