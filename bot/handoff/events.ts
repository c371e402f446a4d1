import { EventEmitter } from 'node:events';
import type { TicketStatus } from './types';

/** What changed on a ticket; the staff console refreshes what it shows from it. */
export interface HandoffEvent {
  readonly type: 'ticket.created' | 'ticket.claimed' | 'ticket.message' | 'ticket.resolved' | 'ticket.withdrawn';
  readonly ticketId: string;
  readonly status: TicketStatus;
  readonly at: string;
}

export type HandoffListener = (event: HandoffEvent) => void;

/**
 * Live ticket updates for the staff console: within one process (InProcessHandoffEvents), or
 * across instances over the event bus (BusHandoffEvents, PostgreSQL LISTEN/NOTIFY).
 */
export interface HandoffEvents {
  publish(event: HandoffEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: HandoffListener): () => void;
}

/** Handoff events within one process (an EventEmitter; a failing listener never breaks the others). */
export class InProcessHandoffEvents implements HandoffEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open console tab is a listener.
    this.emitter.setMaxListeners(0);
  }

  publish(event: HandoffEvent): void {
    for (const listener of this.emitter.listeners('event') as HandoffListener[]) {
      try {
        listener(event);
      } catch {
        // a broken console connection must not stop the others from hearing about it
      }
    }
  }

  subscribe(listener: HandoffListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
