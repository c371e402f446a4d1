import type { KnowledgeChanges } from '../../knowledge/editing';
import type { HandoffEvent, HandoffEvents, HandoffListener } from '../handoff/events';
import type { Logger } from '../logger';
import type { EventBus } from './eventBus';

const KNOWLEDGE_CHANNEL = 'knowledge_changes';
const HANDOFF_CHANNEL = 'handoff_events';

/** Knowledge-base versions announced to every instance over the event bus. */
export class BusKnowledgeChanges implements KnowledgeChanges {
  constructor(private readonly bus: EventBus) {}

  publish(version: number): Promise<void> {
    return this.bus.publish(KNOWLEDGE_CHANNEL, { version });
  }

  subscribe(listener: (version: number) => void): () => void {
    return this.bus.subscribe(KNOWLEDGE_CHANNEL, (message) => {
      if (typeof message.version === 'number') listener(message.version);
    });
  }
}

/**
 * Ticket changes announced to every instance, so each staff console updates live wherever
 * the change was made. Delivery is a hint: consoles re-read tickets from the database.
 */
export class BusHandoffEvents implements HandoffEvents {
  constructor(
    private readonly bus: EventBus,
    private readonly logger?: Logger,
  ) {}

  publish(event: HandoffEvent): void {
    this.bus.publish(HANDOFF_CHANNEL, { ...event }).catch((error: unknown) => {
      this.logger?.warn({ err: error, ticketId: event.ticketId }, 'events: could not announce a ticket change');
    });
  }

  subscribe(listener: HandoffListener): () => void {
    return this.bus.subscribe(HANDOFF_CHANNEL, (message) => {
      try {
        listener(message as unknown as HandoffEvent);
      } catch {
        // a broken console connection must not stop the others from hearing about it
      }
    });
  }
}
