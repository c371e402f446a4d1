import { questionTerms } from '../../../bot/analytics/grouping';
import type { QuestionEvent } from '../../../bot/analytics/recorder';
import { SqlAnalytics } from '../../../bot/analytics/sqlAnalytics';
import type { Database } from '../../../bot/storage/database';
import { loadKnowledgeData } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { ENGINES } from '../storage/engines';

const terms = questionTerms(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR));

function question(overrides: Partial<QuestionEvent> & Pick<QuestionEvent, 'surface' | 'text' | 'lang'>): QuestionEvent {
  return { topEntryId: null, topScore: null, confident: false, ...overrides };
}
const answered = (entryId: string, score: number) => ({ topEntryId: entryId, topScore: score, confident: true });

describe.each(ENGINES)('SqlAnalytics on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let clock: Date;
  let analytics: SqlAnalytics;
  const at = (iso: string) => (clock = new Date(iso));

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    analytics = new SqlAnalytics(db, { terms, now: () => clock });
  });
  afterAll(() => dispose());

  describe('summary', () => {
    beforeAll(async () => {
      // Before the range.
      at('2026-02-28T23:59:59.999Z');
      await analytics.recordQuestion(question({ surface: 'chat', text: 'RIB', lang: 'fr', conversationId: 'Z', ...answered('update-banking-info', 0.9) }));
      await analytics.markResolved('Z', true);

      // Day 1: conversation A asks twice, then is escalated.
      at('2026-03-01T08:00:00Z');
      const q1 = await analytics.recordQuestion(question({ surface: 'chat', text: 'changer mon RIB', lang: 'fr', conversationId: 'A', ...answered('update-banking-info', 0.9) }));
      await analytics.recordQuestion(question({ surface: 'chat', text: 'ou est mon onglet client', lang: 'fr', conversationId: 'A' }));
      const q3 = await analytics.recordQuestion(question({ surface: 'widget', text: 'enable 2FA', lang: 'en', ...answered('2fa-enable', 0.8) }));
      await analytics.recordQuestion(
        question({ surface: 'api', text: "où est l'onglet de mon client ?", lang: 'fr', topEntryId: 'missing-customer-tab', topScore: 0.3 }),
      );
      at('2026-03-01T09:00:00Z');
      await analytics.markEscalated('A');
      await analytics.recordFeedback({ questionId: q1 }, true);
      await analytics.recordFeedback({ questionId: q3 }, false);

      // Day 2: B is solved by the assistant, C ends without being solved.
      at('2026-03-02T10:00:00Z');
      const q5 = await analytics.recordQuestion(question({ surface: 'teams', text: 'bank details', lang: 'en', conversationId: 'B', ...answered('update-banking-info', 0.7) }));
      await analytics.markResolved('B', true);
      await analytics.recordFeedback({ questionId: q5 }, true);
      await analytics.recordQuestion(question({ surface: 'chat', text: 'onglet client introuvable', lang: 'fr', conversationId: 'C' }));
      await analytics.markResolved('C', false);
      await analytics.recordQuestion(question({ surface: 'widget', text: 'météo demain', lang: 'fr' }));
      await analytics.recordFeedback({ entryId: 'update-banking-info', lang: 'fr', surface: 'widget' }, true);

      // Day 3: D is solved; A ends after its escalation, which is not a deflection.
      at('2026-03-03T23:59:59.999Z');
      await analytics.recordQuestion(question({ surface: 'chat', text: 'update bank account', lang: 'en', conversationId: 'D', ...answered('update-banking-info', 0.95) }));
      await analytics.markResolved('D', true);
      await analytics.markResolved('A', true);

      // After the range.
      at('2026-03-04T00:00:00Z');
      await analytics.recordQuestion(question({ surface: 'chat', text: 'météo', lang: 'fr', conversationId: 'E' }));
      await analytics.markEscalated('E');
      await analytics.recordFeedback({ entryId: '2fa-enable', lang: 'en', surface: 'chat' }, false);
    });

    it('counts the questions of each day by surface and language, days included at both ends', async () => {
      const summary = await analytics.summary({ from: '2026-03-01', to: '2026-03-03' });
      expect(summary.days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
      expect(summary.questionsPerDay).toEqual([
        { day: '2026-03-01', surface: 'api', lang: 'fr', count: 1 },
        { day: '2026-03-01', surface: 'chat', lang: 'fr', count: 2 },
        { day: '2026-03-01', surface: 'widget', lang: 'en', count: 1 },
        { day: '2026-03-02', surface: 'chat', lang: 'fr', count: 1 },
        { day: '2026-03-02', surface: 'teams', lang: 'en', count: 1 },
        { day: '2026-03-02', surface: 'widget', lang: 'fr', count: 1 },
        { day: '2026-03-03', surface: 'chat', lang: 'en', count: 1 },
      ]);
    });

    it('gives the totals, the deflection rate and the escalations per day', async () => {
      const summary = await analytics.summary({ from: '2026-03-01', to: '2026-03-03' });
      expect(summary.totals).toEqual({
        questions: 8,
        unansweredOrLowConfidence: 4,
        conversations: 4,
        resolvedWithoutEscalation: 2,
        escalations: 1,
        deflectionRate: 0.5,
        helpful: 3,
        notHelpful: 1,
      });
      expect(summary.escalationsPerDay).toEqual([{ day: '2026-03-01', count: 1 }]);
    });

    it('ranks the entries given as confident answers and counts feedback per entry', async () => {
      const summary = await analytics.summary({ from: '2026-03-01', to: '2026-03-03' });
      expect(summary.topEntries).toEqual([
        { entryId: 'update-banking-info', count: 3 },
        { entryId: '2fa-enable', count: 1 },
      ]);
      expect(summary.feedback).toEqual([
        { entryId: 'update-banking-info', helpful: 3, notHelpful: 0 },
        { entryId: '2fa-enable', helpful: 0, notHelpful: 1 },
      ]);
    });

    it('groups the unanswered and low-confidence questions, biggest group first', async () => {
      const summary = await analytics.summary({ from: '2026-03-01', to: '2026-03-03' });
      expect(summary.unansweredGroups.map((g) => [g.representative, g.count, g.questions.length])).toEqual([
        ['ou est mon onglet client', 3, 3],
        ['météo demain', 1, 1],
      ]);
    });

    it('has no deflection rate and empty figures for a range with no activity', async () => {
      const summary = await analytics.summary({ from: '2025-01-01', to: '2025-01-02' });
      expect(summary.totals).toMatchObject({ questions: 0, conversations: 0, deflectionRate: null });
      expect(summary.questionsPerDay).toEqual([]);
      expect(summary.unansweredGroups).toEqual([]);
    });
  });

  it('stores questions without e-mail addresses or phone numbers', async () => {
    at('2027-01-01T00:00:00Z');
    const id = await analytics.recordQuestion(
      question({ surface: 'chat', text: 'écrivez à marie.curie@fournisseur.fr ou au 06 12 34 56 78', lang: 'fr' }),
    );
    const row = await db.get<{ text: string }>('SELECT text FROM analytics_questions WHERE id = ?', [id]);
    expect(row!.text).toBe('écrivez à [email] ou au [phone]');
  });

  describe('questions recorded together', () => {
    /** The real database, counting transactions and failing the inserts of chosen texts (a full disk, say). */
    function watched(failing: (params: readonly unknown[]) => boolean = () => false) {
      const counts = { transactions: 0 };
      const guard = <E extends Pick<Database, 'run'>>(executor: E, run: E['run']): E['run'] => async (sql, params = []) => {
        if (sql.startsWith('INSERT INTO analytics_questions') && failing(params)) throw new Error('disk I/O error');
        return run.call(executor, sql, params);
      };
      const database: Database = Object.create(db);
      database.run = guard(db, db.run);
      database.transaction = (work, options) => {
        counts.transactions++;
        return db.transaction((tx) => work({ ...tx, all: tx.all.bind(tx), get: tx.get.bind(tx), run: guard(tx, tx.run) }), options);
      };
      return { database, counts };
    }
    const rowsWithText = async (prefix: string) =>
      (await db.all<{ id: string; text: string }>('SELECT id, text FROM analytics_questions WHERE text LIKE ? ORDER BY text', [`${prefix}%`]));

    it('writes the questions asked in the same event-loop turn in one transaction, each caller getting its own id', async () => {
      at('2027-06-01T00:00:00Z');
      const { database, counts } = watched();
      const batched = new SqlAnalytics(database, { terms, now: () => clock });
      const ids = await Promise.all(
        Array.from({ length: 30 }, (_, i) => batched.recordQuestion(question({ surface: 'widget', text: `lot ${String(i).padStart(2, '0')}`, lang: 'fr' }))),
      );
      expect(counts.transactions).toBe(1);
      expect(new Set(ids).size).toBe(30);
      const rows = await rowsWithText('lot ');
      expect(rows.map((r) => r.id)).toEqual(ids);
    });

    it('when the batch cannot be committed, writes each row alone and fails only the rows that fail alone', async () => {
      at('2027-06-02T00:00:00Z');
      const { database } = watched((params) => params[2] === 'seul 2');
      const batched = new SqlAnalytics(database, { terms, now: () => clock });
      const results = await Promise.allSettled(
        [0, 1, 2, 3].map((i) => batched.recordQuestion(question({ surface: 'api', text: `seul ${i}`, lang: 'fr' }))),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason.message).toBe('disk I/O error');
      expect((await rowsWithText('seul ')).map((r) => r.text)).toEqual(['seul 0', 'seul 1', 'seul 3']);
    });
  });

  it('refuses feedback about a question it does not know', async () => {
    await expect(analytics.recordFeedback({ questionId: 'nope' }, true)).rejects.toThrow('analytics: no question with id "nope"');
  });

  it('purges questions, feedback and conversations older than the retention period and keeps the rest', async () => {
    at('2028-01-01T00:00:00Z');
    const old = await analytics.recordQuestion(question({ surface: 'chat', text: 'ancienne question', lang: 'fr', conversationId: 'old', ...answered('2fa-enable', 0.9) }));
    await analytics.recordFeedback({ questionId: old }, true);
    at('2028-03-25T00:00:00Z');
    const recent = await analytics.recordQuestion(question({ surface: 'chat', text: 'question récente', lang: 'fr', conversationId: 'recent', ...answered('2fa-enable', 0.9) }));
    await analytics.recordFeedback({ questionId: recent }, false);

    const removed = await analytics.purgeOlderThan(30, new Date('2028-04-01T00:00:00Z'));
    expect(removed).toBeGreaterThanOrEqual(3);
    const texts = (await db.all<{ text: string }>('SELECT text FROM analytics_questions')).map((r) => r.text);
    expect(texts).toEqual(['question récente']);
    expect(await db.all('SELECT question_id FROM feedback')).toEqual([{ question_id: recent }]);
    expect((await db.all<{ conversation_id: string }>('SELECT conversation_id FROM analytics_conversations')).map((r) => r.conversation_id)).toEqual([
      'recent',
    ]);
  });
});
