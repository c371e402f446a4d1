import { SqlFeedbackStore } from '../../bot/faq/feedbackStore';
import { openSqlite, type Database } from '../../bot/storage/database';
import { migrate } from '../../bot/storage/migrate';
import { STRINGS } from '../../dialogs';
import { Conversation, createBotHarness } from '../support/conversation';

describe('MainDialog feedback', () => {
  let db: Database;

  beforeEach(async () => {
    db = openSqlite(':memory:');
    await migrate(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it('records "was this helpful?" answers in the feedback table with the FAQ id and language', async () => {
    const conversation = new Conversation(createBotHarness({ feedback: new SqlFeedbackStore(db) }), 'feedback', 'fr-FR');
    await conversation.say('comment activer la 2FA');
    await conversation.say(STRINGS.t('fr', 'faq.helpfulYes'));
    await conversation.say('How do I add an employee?');
    await conversation.say(STRINGS.t('en', 'faq.helpfulNo'));
    const rows = await db.all('SELECT entry_id, lang, helpful, surface, conversation_id FROM feedback ORDER BY id');
    expect(rows).toEqual([
      { entry_id: '2fa-enable', lang: 'fr', helpful: 1, surface: 'chat', conversation_id: 'feedback' },
      { entry_id: 'add-employee', lang: 'en', helpful: 0, surface: 'chat', conversation_id: 'feedback' },
    ]);
  });
});
