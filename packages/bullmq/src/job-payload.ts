import type { SchemaIssue, SideEffects } from '@llmcompiler/core';

/** What a tool's job carries to the worker: one call of the tool named by the job's name. */
export interface ToolJobData {
  /** The run the call belongs to. */
  readonly runId: string;
  /** The plan task of the call. */
  readonly taskId: number;
  /** The orchestrator's attempt (above 1 only with the tool's own `retry`); BullMQ's attempts add to it. */
  readonly attempt: number;
  /** The input: references resolved, checked against the tool's JSON Schema on the orchestrator. */
  readonly input: unknown;
  /** What the orchestrator believes the tool may change; the worker trusts its own tool's declaration. */
  readonly sideEffects: SideEffects;
}

/** What a job returns when the tool succeeded: the value is wrapped, so that `undefined` survives JSON. */
export interface ToolJobResult {
  readonly value?: unknown;
}

/** Why a call failed on the worker: the job's `failedReason` holds it as JSON. */
export type ToolJobFailure =
  | { readonly kind: 'thrown'; readonly name: string; readonly message: string }
  | { readonly kind: 'input' | 'output'; readonly message: string; readonly issues: readonly SchemaIssue[] }
  | { readonly kind: 'timeout'; readonly message: string; readonly timeoutMs: number }
  | { readonly kind: 'unknown-tool'; readonly message: string; readonly availableTools: readonly string[] }
  | { readonly kind: 'effect-unknown'; readonly message: string }
  | { readonly kind: 'cancelled'; readonly message: string };

/** The marker that tells our failures from BullMQ's own (`job stalled more than allowable limit`). */
const MARKER = 'llmcompiler-tool-failure';

/** The `failedReason` of a failed job: JSON, readable in a dashboard, decoded by {@link decodeFailure}. */
export function encodeFailure(failure: ToolJobFailure): string {
  return JSON.stringify({ [MARKER]: 1, ...failure });
}

/** The failure a worker of this package wrote, or `undefined` for any other reason (BullMQ's own). */
export function decodeFailure(reason: string | undefined): ToolJobFailure | undefined {
  if (reason === undefined || !reason.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(reason) as Record<string, unknown>;
    return parsed[MARKER] === 1 && typeof parsed.kind === 'string' && typeof parsed.message === 'string' ? (parsed as unknown as ToolJobFailure) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The id of the job of one call: `runId:taskId:attempt`. The same call dispatched again gets the same id, and
 * BullMQ adds nothing for an id it already holds. (BullMQ refuses custom ids with one colon; three parts are
 * allowed, and the attempt keeps a retry by the tool's own `retry` from finding the failed job.)
 */
export function jobIdOf(runId: string, taskId: number, attempt: number): string {
  return `${runId}:${taskId}:${attempt}`;
}

/** The Redis names that orchestrators and workers of one queue share for cancellations. */
export function cancelNames(prefix: string, queueName: string): { readonly channel: string; key(jobId: string): string } {
  const base = `${prefix}:${queueName}:llmcompiler:cancel`;
  return { channel: base, key: (jobId) => `${base}:${jobId}` };
}
