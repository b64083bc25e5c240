/**
 * How the planner writes its plan:
 *
 * - `'text'`: numbered calls, `1. search("x")`, ending with `join()` and `<END_OF_PLAN>` (the paper's
 *   format; what small and open models do best with).
 * - `'json'`: one object, `{"tasks": [{"id": 1, "tool": "search", "args": {...}}, ..., {"tool": "join"}]}`.
 * - `'tool-calls'`: native tool calls, one per task, ending with a call to `join`.
 */
export type PlannerFormat = 'text' | 'json' | 'tool-calls';
