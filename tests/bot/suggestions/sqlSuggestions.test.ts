import { questionTerms } from '../../../bot/analytics/grouping';
import { SqlAnalytics } from '../../../bot/analytics/sqlAnalytics';
import type { Database } from '../../../bot/storage/database';
import { candidateKey } from '../../../bot/suggestions/candidateKey';
import { SqlSuggestions } from '../../../bot/suggestions/sqlSuggestions';
import { loadKnowledgeData } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { ENGINES } from '../storage/engines';

describe('candidateKey', () => {
  it('groups a question whatever its case, spacing, accents and end punctuation', () => {
    expect(candidateKey('  Où  est mon ONGLET client ?! ')).toBe('ou est mon onglet client');
    expect(candidateKey('ou est mon onglet client')).toBe('ou est mon onglet client');
  });
});

describe.each(ENGINES)('SqlSuggestions on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let clock = new Date('2026-03-01T08:00:00Z');
  let store: SqlSuggestions;

  beforeEach(async () => {
    ({ db, dispose } = await engine.open());
    store = new SqlSuggestions(db, () => clock);
  });
  afterEach(() => dispose());

  const accept = (text: string, entryId = 'help-resources', lang: 'fr' | 'en' = 'en') =>
    store.recordAcceptance({ text, lang, entryId, surface: 'widget' });

  it('lists each question accepted for an entry once, with how many times and when last, most accepted first', async () => {
    await accept('self help resources');
    clock = new Date('2026-03-02T09:00:00Z');
    await accept('Self help  resources?');
    await accept('any tutorials', 'help-resources');
    await accept('ajouter un client', 'connect-new-customer', 'fr');
    expect(await store.candidates()).toEqual([
      { entryId: 'help-resources', lang: 'en', key: 'self help resources', text: expect.stringMatching(/^self help  ?resources\??$/i), accepted: 2, lastSeen: '2026-03-02T09:00:00.000Z' },
      { entryId: 'connect-new-customer', lang: 'fr', key: 'ajouter un client', text: 'ajouter un client', accepted: 1, lastSeen: '2026-03-02T09:00:00.000Z' },
      { entryId: 'help-resources', lang: 'en', key: 'any tutorials', text: 'any tutorials', accepted: 1, lastSeen: '2026-03-02T09:00:00.000Z' },
    ]);
    expect((await store.candidates('connect-new-customer')).map((c) => c.key)).toEqual(['ajouter un client']);
  });

  it('keeps the same question in two languages, or for two entries, apart', async () => {
    await accept('2fa', '2fa-enable', 'en');
    await accept('2fa', '2fa-enable', 'fr');
    await accept('2fa', '2fa-disable', 'en');
    expect(await store.candidates()).toHaveLength(3);
  });

  it('stores the question redacted like the analytics: no e-mail address or phone number', async () => {
    await accept('call me on 06 12 34 56 78 or jean.dupont@acme.fr about tutorials');
    const [candidate] = await store.candidates();
    expect(candidate!.text).toBe('call me on [phone] or [email] about tutorials');
    expect(JSON.stringify(await db.all('SELECT * FROM suggestion_acceptances'))).not.toMatch(/dupont|56 78/);
  });

  it('stores at most 500 characters of a question', async () => {
    await accept(`tutorials ${'word '.repeat(300)}`);
    const [candidate] = await store.candidates();
    expect(candidate!.text.length).toBeLessThanOrEqual(500);
  });

  it('no longer lists a candidate once approved or dismissed, and tells one apart', async () => {
    await accept('self help resources');
    await accept('any tutorials');
    const ref = { entryId: 'help-resources', lang: 'en' as const, key: 'self help resources' };
    expect(await store.candidate(ref)).toMatchObject({ accepted: 1 });
    await store.decide(ref, true, 'staff-1');
    await store.decide({ ...ref, key: 'any tutorials' }, false, 'staff-1');
    expect(await store.candidates()).toEqual([]);
    expect(await store.candidate(ref)).toBeUndefined();
    await store.decide(ref, false, 'staff-2');
    const decisions = await db.all<{ approved: unknown; decided_by: string }>('SELECT approved, decided_by FROM candidate_phrasing_decisions ORDER BY text_key');
    expect(decisions.map((d) => [Boolean(d.approved), d.decided_by])).toEqual([[false, 'staff-1'], [false, 'staff-2']]);
  });

  it('is purged with the analytics after the retention period', async () => {
    clock = new Date('2026-01-01T00:00:00Z');
    await accept('old question');
    clock = new Date('2026-03-01T00:00:00Z');
    await accept('recent question');
    const analytics = new SqlAnalytics(db, { terms: questionTerms(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR)), now: () => clock });
    await analytics.purgeOlderThan(30);
    expect((await store.candidates()).map((c) => c.key)).toEqual(['recent question']);
  });
});
