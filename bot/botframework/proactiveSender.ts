import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { ProactiveSender } from '../handoff/handoffService';

/**
 * The handoff's proactive sender through the Bot Framework adapter: works for web chat and
 * Teams alike. The address is the conversation reference the bot took from the user's turn,
 * stored as JSON; it goes back to the adapter as it was saved.
 */
export function adapterSender(adapter: CloudAdapter, appId: string | undefined): ProactiveSender {
  return async (address, text) => {
    // Caught inside the turn: otherwise the adapter's onTurnError would swallow it and the
    // reply would count as delivered.
    let failure: Error | undefined;
    await adapter.continueConversationAsync(appId ?? '', address as Partial<ConversationReference>, async (context) => {
      // The adapter makes every message of a turn a reply to the turn's activity, here the
      // continuation event it invented, which the page never receives: Web Chat then held the
      // message up to 5 s waiting for it. A staff reply starts a message of its own.
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      try {
        await context.sendActivity({ type: 'message', text });
      } catch (error) {
        failure = error instanceof Error ? error : new Error('handoff: the channel refused the message', { cause: error });
      }
    });
    if (failure) throw failure;
  };
}
