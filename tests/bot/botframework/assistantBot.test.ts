import { ActivityTypes, ConversationState, MemoryStorage, UserState, type Activity, type MessagingExtensionResponse } from 'botbuilder';
import { AssistantBot } from '../../../bot/botframework/assistantBot';
import type { MessagingExtensionHandler } from '../../../bot/botframework/messagingExtension';
import { MainDialog, Replies, Session, STRINGS } from '../../../dialogs';
import { buttons, Conversation, createBotHarness, knowledgeBase, MemoryFeedbackStore, texts } from '../../support/conversation';

const conversationUpdate = (membersAdded: Array<{ id: string }>): Partial<Activity> => ({
  type: ActivityTypes.ConversationUpdate,
  membersAdded: membersAdded.map((member) => ({ name: '', ...member })),
  text: undefined,
});

describe('AssistantBot', () => {
  describe('welcome', () => {
    it.each([
      ['fr', 'fr-FR'],
      ['en', 'en-US'],
    ] as const)('welcomes a user who joins in their language (%s) with the menu', async (lang, locale) => {
      const conversation = new Conversation(createBotHarness(), 'welcome', locale);
      const [welcome, ...rest] = await conversation.say(conversationUpdate([{ id: 'user-1' }]));
      expect(rest).toEqual([]);
      expect(welcome!.text).toBe(STRINGS.t(lang, 'welcome.text'));
      expect(buttons(welcome)).toEqual(
        (['menu.connectCustomer', 'menu.twoFactor', 'menu.missingTab', 'menu.roleAccess', 'menu.askQuestion', 'menu.premium'] as const).map(
          (key) => STRINGS.t(lang, key),
        ),
      );
    });

    it('does not welcome itself', async () => {
      const conversation = new Conversation(createBotHarness(), 'welcome-bot', 'fr-FR');
      expect(await conversation.say(conversationUpdate([{ id: 'bot' }]))).toEqual([]);
    });
  });

  it('accepts handoff.status events from the channel without answering', async () => {
    const harness = createBotHarness();
    const conversation = new Conversation(harness, 'status', 'fr-FR');
    for (const state of ['accepted', 'failed', 'completed', 'unknown']) {
      expect(await conversation.say({ type: ActivityTypes.Event, name: 'handoff.status', value: { state }, text: undefined })).toEqual([]);
    }
    expect(harness.logger.errors).toEqual([]);
  });

  it('reads a Teams channel message without the mention of the bot', async () => {
    const conversation = new Conversation(createBotHarness(), 'teams', 'fr-FR');
    const replies = await conversation.say({
      text: '<at>CSP assistant</at> merci',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'CSP assistant' }, text: '<at>CSP assistant</at>' }],
    });
    expect(texts(replies)).toEqual([STRINGS.t('fr', 'thanks.text')]);
  });

  describe('Teams message extension', () => {
    const query = {
      type: ActivityTypes.Invoke,
      name: 'composeExtension/query',
      channelId: 'msteams',
      value: { commandId: 'searchFaq', parameters: [{ name: 'query', value: '2fa' }] },
      text: undefined,
    };

    it('delegates queries to the injected handler', async () => {
      const response: MessagingExtensionResponse = { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
      const queries: unknown[] = [];
      const handler: MessagingExtensionHandler = {
        async query(_context, received) {
          queries.push(received);
          return response;
        },
      };
      const conversation = new Conversation(createBotHarness({ messagingExtension: handler }), 'extension', 'fr-FR');
      const [invokeResponse] = await conversation.say(query);
      expect(invokeResponse).toMatchObject({ type: 'invokeResponse', value: { status: 200, body: response } });
      expect(queries).toEqual([query.value]);
    });

    it('answers "not implemented" without a handler, as botbuilder does', async () => {
      const conversation = new Conversation(createBotHarness(), 'no-extension', 'fr-FR');
      const [invokeResponse] = await conversation.say(query);
      expect(invokeResponse).toMatchObject({ type: 'invokeResponse', value: { status: 501 } });
    });
  });

  describe('onTurnError', () => {
    it('apologizes in the user’s language, clears only the failing conversation, and logs the error', async () => {
      const feedback = new MemoryFeedbackStore();
      jest.spyOn(feedback, 'record').mockRejectedValueOnce(new Error('database is locked'));
      const harness = createBotHarness({ feedback });
      const failing = new Conversation(harness, 'failing', 'en-US', 'user-a');
      const other = new Conversation(harness, 'other', 'fr-FR', 'user-b');

      await other.say(STRINGS.t('fr', 'menu.twoFactor'));
      await failing.say('how do I enable two-factor authentication');
      expect(texts(await failing.say(STRINGS.t('en', 'faq.helpfulYes')))).toEqual([STRINGS.t('en', 'error.apology')]);
      expect(harness.logger.errors).toEqual([
        { details: expect.objectContaining({ conversation: 'failing', err: expect.objectContaining({ message: 'database is locked' }) }), message: 'bot: turn failed' },
      ]);

      // The failing conversation starts afresh: no answer left to give feedback on.
      expect(texts(await failing.say(STRINGS.t('en', 'faq.helpfulYes')))).toEqual([STRINGS.t('en', 'thanks.text')]);
      // The other one is still mid-journey.
      expect(texts(await other.say(STRINGS.t('fr', 'twoFactor.enable')))).toEqual([
        STRINGS.t('fr', 'twoFactor.enableSteps'),
        STRINGS.t('fr', 'journey.anythingElse'),
      ]);
    });
  });

  it('refuses to be built without its state or dialog', () => {
    const storage = new MemoryStorage();
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const session = new Session(conversationState, userState, (_text, hint) => hint);
    const replies = new Replies(session);
    const dialog = new MainDialog({ knowledge: knowledgeBase, session, replies, feedback: new MemoryFeedbackStore() });
    expect(() => new AssistantBot({ conversationState, userState, session, replies, dialog: undefined as never })).toThrow(
      'AssistantBot: missing dialog',
    );
    expect(() => new AssistantBot({ conversationState, userState, session, replies, dialog })).not.toThrow();
  });
});
