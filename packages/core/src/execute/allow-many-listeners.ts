interface NodeEvents {
  setMaxListeners(count: number, ...targets: EventTarget[]): void;
}

const nodeEvents = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:events') as
  | NodeEvents
  | undefined;

/**
 * Lifts Node's limit of listeners on a signal. A run's signal goes to every tool call of the run, and each
 * call may listen to it (`fetch` does): a hundred at once is a wide plan, not a leak, yet past ten Node prints
 * a `MaxListenersExceededWarning`. Other runtimes have no such limit, and this does nothing there.
 */
export function allowManyListeners(signal: AbortSignal): void {
  nodeEvents?.setMaxListeners(0, signal);
}
