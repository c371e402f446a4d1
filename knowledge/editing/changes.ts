import { EventEmitter } from 'node:events';

/**
 * How instances tell each other that the knowledge base changed. The payload is the new
 * version; a listener reloads when it is ahead of what it serves. In one process the
 * `InProcessKnowledgeChanges` below does; across instances on PostgreSQL, LISTEN/NOTIFY on a
 * channel carrying the version fits the same interface (a missed notification is caught up by
 * the next one, or by `LiveKnowledge.reload()`, which reads the version from the database).
 */
export interface KnowledgeChanges {
  /** Announces that `version` is committed. */
  publish(version: number): Promise<void>;
  /** Calls `listener` with each announced version; returns the unsubscribe function. */
  subscribe(listener: (version: number) => void): () => void;
}

/** Notifications between the LiveKnowledge objects of one process (and tests of several "instances"). */
export class InProcessKnowledgeChanges implements KnowledgeChanges {
  private readonly emitter = new EventEmitter();

  async publish(version: number): Promise<void> {
    this.emitter.emit('change', version);
  }

  subscribe(listener: (version: number) => void): () => void {
    this.emitter.on('change', listener);
    return () => {
      this.emitter.off('change', listener);
    };
  }
}
