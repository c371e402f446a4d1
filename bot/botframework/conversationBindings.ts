import type { Database } from '../storage/database';

/** The channel a conversation belongs to: the first activity's channelId and serviceUrl. */
export interface ConversationBinding {
  readonly channelId: string;
  readonly serviceUrl: string;
}

/**
 * Conversations of /api/messages bound to the channel that started them, in the database (both
 * engines) so every instance and every restart refuses the same strangers. A row is a few
 * hundred bytes per conversation and is kept as long as the conversation's tickets may be.
 */
export class SqlConversationBindings {
  constructor(private readonly db: Database) {}

  async get(conversationId: string): Promise<ConversationBinding | undefined> {
    const row = await this.db.get<{ channel_id: string; service_url: string }>(
      'SELECT channel_id, service_url FROM conversation_bindings WHERE conversation_id = ?',
      [conversationId],
    );
    return row ? { channelId: row.channel_id, serviceUrl: row.service_url } : undefined;
  }

  /**
   * Binds the conversation to `binding` unless it is bound already, and returns the binding that
   * holds: `binding` itself, or the one an earlier (or concurrent) request made.
   */
  async claim(conversationId: string, binding: ConversationBinding): Promise<ConversationBinding> {
    await this.db.run(
      `INSERT INTO conversation_bindings (conversation_id, channel_id, service_url, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO NOTHING`,
      [conversationId, binding.channelId, binding.serviceUrl, new Date().toISOString()],
    );
    return (await this.get(conversationId)) ?? binding;
  }

  /**
   * The channel a conversation had before it was bound: its newest ticket's channel and serviceUrl.
   * Tickets predate bindings (and outlive the built-in channel's idle conversations), and they
   * are found by conversation id alone, so their owner must not lose them to a first claimant.
   */
  async fromTickets(conversationId: string): Promise<ConversationBinding | undefined> {
    const row = await this.db.get<{ channel_id: string; conversation_reference: string }>(
      'SELECT channel_id, conversation_reference FROM tickets WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1',
      [conversationId],
    );
    if (!row) return undefined;
    let serviceUrl = '';
    try {
      const stored = (JSON.parse(row.conversation_reference) as { serviceUrl?: unknown } | null)?.serviceUrl;
      // Anything but a string could never equal a request's http(s) serviceUrl: bound to none, like a missing one.
      if (typeof stored === 'string') serviceUrl = stored;
    } catch {
      // An unreadable reference binds to no serviceUrl: nobody can take the conversation over.
    }
    return { channelId: row.channel_id, serviceUrl };
  }

  /** Moves a bound conversation to a new serviceUrl of the same channel (one its token vouches for). */
  async moveServiceUrl(conversationId: string, channelId: string, serviceUrl: string): Promise<void> {
    await this.db.run('UPDATE conversation_bindings SET service_url = ? WHERE conversation_id = ? AND channel_id = ?', [
      serviceUrl,
      conversationId,
      channelId,
    ]);
  }
}
