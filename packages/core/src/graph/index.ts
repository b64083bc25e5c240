export { Reference, Template, parseStringReferences, type ArgValue, type PathSegment } from './reference.js';
export { readPath, resolveReferences, type ResultLookup } from './resolve-references.js';
export { TaskGraph, type TaskGraphOptions } from './task-graph.js';
export type { Task } from './task.js';
