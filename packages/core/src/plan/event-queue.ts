import { NO_EVENTS, type PlanEvent } from './plan-event.js';

/** The events a parser has produced since its caller last took them. */
export class EventQueue {
  #events: PlanEvent[] = [];

  push(event: PlanEvent): void {
    this.#events.push(event);
  }

  /** Takes the queued events; the shared empty list when there are none, so quiet pushes allocate nothing. */
  drain(): readonly PlanEvent[] {
    const events = this.#events;
    if (events.length === 0) return NO_EVENTS;
    this.#events = [];
    return events;
  }
}
