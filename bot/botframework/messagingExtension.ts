import type { MessagingExtensionQuery, MessagingExtensionResponse, TurnContext } from 'botbuilder';

/**
 * Teams' search-based message extension over the FAQ. The bot class delegates
 * composeExtension invokes to it, so Teams-specific card building stays here.
 */
export interface MessagingExtensionHandler {
  query(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse>;
  selectItem?(context: TurnContext, item: unknown): Promise<MessagingExtensionResponse>;
}
