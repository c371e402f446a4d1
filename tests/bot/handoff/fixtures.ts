import type { NewTicket } from '../../../bot/handoff/types';

/** A ticket as the escalation dialog would open it; `overrides` changes any field. */
export function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  const conversationId = overrides.conversationId ?? `conv-${Math.random().toString(36).slice(2, 10)}`;
  return {
    conversationReference: {
      activityId: 'act-1',
      bot: { id: 'bot', name: 'CSP assistant' },
      channelId: 'webchat',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      serviceUrl: 'http://127.0.0.1:9/',
      user: { id: 'dl_user-1', name: 'Supplier' },
      locale: 'fr-FR',
    },
    conversationId,
    channelId: 'webchat',
    userId: 'dl_user-1',
    userName: 'Supplier',
    language: 'fr',
    summary: "Je ne vois pas l'onglet de mon client",
    contact: 'supplier@example.com',
    tried: { faqShown: ['missing-customer-tab'], journeySteps: ['missing-tab: emails differ'] },
    transcript: [
      { from: 'user', text: "l'onglet client a disparu", timestamp: '2026-11-28T10:00:00.000Z' },
      { from: 'bot', text: 'Vérifiez que l’adresse e-mail est la même.', timestamp: '2026-11-28T10:00:01.000Z' },
    ],
    ...overrides,
  };
}
