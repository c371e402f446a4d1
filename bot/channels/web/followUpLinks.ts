import type { Language } from '../../../knowledge';
import type { Config } from '../../config';
import type { DirectLine } from '../directline';
import { RESUME_TOKEN_LIFETIME_SECONDS } from '../directline/tokens';

/** The web chat's side of a ticket's follow-up, as the handoff asks for it (bot/handoff/followUp.ts). */
export interface WebChatConversations {
  owns(ticket: { channelId: string; conversationReference: { serviceUrl?: string } }): boolean;
  connected(conversationId: string): Promise<boolean>;
  keep(conversationId: string, until: number): Promise<boolean>;
  resumeLink(conversationId: string, userId: string, language: Language): Promise<{ url: string; validDays: number }>;
}

/**
 * The built-in web chat's conversations for the handoff: a ticket's conversation is ours when
 * the page talks to this server's Direct Line endpoint (no DIRECT_LINE_SECRET) and the ticket's
 * address is this channel's; presence is an open stream on any instance; the link is the chat
 * page with a resume token in its fragment (`/?lang=fr#resume=…`: a fragment never reaches a
 * server log or a Referer), for PUBLIC_URL, else this server's own loopback address.
 */
export function webChatConversations(config: Readonly<Config>, directLine: DirectLine): WebChatConversations {
  const base = () => (config.PUBLIC_URL ?? new URL(directLine.endpoint.serviceUrl()).origin).replace(/\/+$/, '');
  return {
    owns(ticket) {
      if (config.DIRECT_LINE_SECRET || ticket.channelId !== 'directline') return false;
      const serviceUrl = ticket.conversationReference.serviceUrl;
      return typeof serviceUrl === 'string' && directLine.endpoint.localize(serviceUrl) !== undefined;
    },
    connected: (conversationId) => directLine.store.connected(conversationId),
    keep: (conversationId, until) => directLine.store.retain(conversationId, until),
    async resumeLink(conversationId, userId, language) {
      const token = await directLine.tokens.sign('resume', conversationId, userId);
      return {
        url: `${base()}/?lang=${language === 'en' ? 'en' : 'fr'}#resume=${token}`,
        validDays: Math.floor(RESUME_TOKEN_LIFETIME_SECONDS / 86_400),
      };
    },
  };
}
