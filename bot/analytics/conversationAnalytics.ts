import type { FeedbackRecord, FeedbackStore } from '../faq/feedbackStore';
import type { HandoffGateway } from '../handoff/types';
import type { AnalyticsRecorder } from './recorder';

/**
 * The chat's gateway to Premium support, counting each ticket as an escalation of its
 * conversation for the analytics (escalations per day, deflection rate).
 */
export function countingEscalations(gateway: HandoffGateway, analytics: AnalyticsRecorder): HandoffGateway {
  return {
    async openTicket(input) {
      const ticket = await gateway.openTicket(input);
      await analytics.markEscalated(input.conversationId);
      return ticket;
    },
    activeTicketFor: (conversationId) => gateway.activeTicketFor(conversationId),
    addUserMessage: (ticketId, text) => gateway.addUserMessage(ticketId, text),
    withdraw: (ticketId) => gateway.withdraw(ticketId),
  };
}

/**
 * The chat's feedback store, also telling the analytics that a conversation whose answer was
 * helpful was resolved by the assistant alone (the analytics never count an escalated one so).
 */
export function countingResolutions(store: FeedbackStore, analytics: AnalyticsRecorder): FeedbackStore {
  return {
    async record(feedback: FeedbackRecord) {
      await store.record(feedback);
      if (feedback.helpful && feedback.conversationId) await analytics.markResolved(feedback.conversationId, true);
    },
    forEntry: (entryId) => store.forEntry(entryId),
  };
}
