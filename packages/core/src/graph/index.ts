export { Reference, Template, type ArgValue, type PathSegment } from './reference.js';
export { resolveReferences, type ResultLookup } from './resolve-references.js';
export type { Task } from './task.js';
