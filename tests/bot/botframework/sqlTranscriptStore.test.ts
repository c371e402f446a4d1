import type { Activity } from 'botbuilder';
import { SqlTranscriptStore } from '../../../bot/botframework/sqlTranscriptStore';
import type { Database } from '../../../bot/storage/database';
import { ENGINES } from '../storage/engines';

function activity(conversationId: string, text: string, timestamp: Date): Activity {
  return {
    type: 'message',
    id: `${conversationId}-${text}`,
    channelId: 'directline',
    conversation: { id: conversationId },
    from: { id: 'user' },
    text,
    timestamp,
  } as Activity;
}

describe.each(ENGINES)('SqlTranscriptStore on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let store: SqlTranscriptStore;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    store = new SqlTranscriptStore(db);
  });
  afterAll(() => dispose());

  it('reads a conversation back in the order it was logged, apart from other conversations', async () => {
    const now = new Date();
    await store.logActivity(activity('c1', 'bonjour', now));
    await store.logActivity(activity('c2', 'hello', now));
    await store.logActivity(activity('c1', 'mon RIB', now));
    const page = await store.getTranscriptActivities('directline', 'c1');
    expect(page.items.map((a) => a.text)).toEqual(['bonjour', 'mon RIB']);
    expect(page.items[0]!.timestamp).toBeInstanceOf(Date);
  });

  it('lists the conversations of a channel', async () => {
    const list = await store.listTranscripts('directline');
    expect(list.items.map((t) => t.id)).toEqual(expect.arrayContaining(['c1', 'c2']));
  });

  it('pages long transcripts with a continuation token', async () => {
    const now = new Date();
    for (let i = 0; i < 130; i++) await store.logActivity(activity('long', `m${i}`, now));
    const first = await store.getTranscriptActivities('directline', 'long');
    expect(first.items).toHaveLength(100);
    const second = await store.getTranscriptActivities('directline', 'long', first.continuationToken);
    expect(second.items).toHaveLength(30);
    expect(second.continuationToken).toBe('');
  });

  it('purges activities older than the retention period and keeps the rest', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    await store.logActivity(activity('old', 'ancient', new Date('2026-01-01T00:00:00Z')));
    await store.logActivity(activity('old', 'recent', new Date('2026-05-30T00:00:00Z')));
    expect(await store.purgeOlderThan(90, now)).toBeGreaterThanOrEqual(1);
    expect((await store.getTranscriptActivities('directline', 'old')).items.map((a) => a.text)).toEqual(['recent']);
  });

  it('deletes one conversation', async () => {
    await store.deleteTranscript('directline', 'c2');
    expect((await store.getTranscriptActivities('directline', 'c2')).items).toEqual([]);
  });
});
