import type { Activity } from 'botbuilder';
import type { Database } from '../../../bot/storage/database';
import { MAX_TRANSCRIPT_ACTIVITY_CHARS, SqlTranscriptStore } from '../../../bot/botframework/sqlTranscriptStore';
import { ENGINES } from '../storage/engines';

const activity = (fields: Partial<Activity>): Activity =>
  ({
    type: 'message',
    id: 'a1',
    channelId: 'directline',
    conversation: { id: 'conv' },
    from: { id: 'dl_user', role: 'user' },
    recipient: { id: 'bot' },
    timestamp: new Date('2026-11-30T19:00:00Z'),
    ...fields,
  }) as Activity;

/** Issue 13: transcripts kept a second copy of 200 KB activities, for 90 days. */
describe.each(ENGINES)('SqlTranscriptStore size bound on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let store: SqlTranscriptStore;
  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    store = new SqlTranscriptStore(db);
  });
  afterAll(async () => {
    await dispose();
  });
  beforeEach(async () => {
    await db.run('DELETE FROM transcript_activities');
  });

  const storedSizes = async () =>
    (await db.all<{ size: number | string }>('SELECT length(activity) AS size FROM transcript_activities')).map((row) => Number(row.size));

  it('keeps an ordinary activity as it is', async () => {
    await store.logActivity(activity({ text: 'Bonjour', channelData: { clientActivityID: 'x' } }));
    const { items } = await store.getTranscriptActivities('directline', 'conv');
    expect(items).toEqual([expect.objectContaining({ text: 'Bonjour', channelData: { clientActivityID: 'x' } })]);
    expect(items[0]).not.toHaveProperty('transcriptTruncated');
  });

  it('cuts the large fields of an oversized activity, keeps its text and says what was cut', async () => {
    await store.logActivity(activity({ text: 'Mes factures', channelData: { filler: 'x'.repeat(200 * 1024) }, value: { v: 'y'.repeat(1000) } }));
    expect((await storedSizes())[0]).toBeLessThanOrEqual(MAX_TRANSCRIPT_ACTIVITY_CHARS);
    const { items } = await store.getTranscriptActivities('directline', 'conv');
    expect(items[0]).toMatchObject({ text: 'Mes factures', value: { v: 'y'.repeat(1000) }, transcriptTruncated: { fields: ['channelData'] } });
    expect(items[0]!.channelData).toBeUndefined();
  });

  it('shortens a huge text when nothing else is left to cut', async () => {
    await store.logActivity(activity({ text: 'z'.repeat(100_000) }));
    expect((await storedSizes())[0]).toBeLessThanOrEqual(MAX_TRANSCRIPT_ACTIVITY_CHARS);
    const { items } = await store.getTranscriptActivities('directline', 'conv');
    expect(items[0]!.text.length).toBeLessThanOrEqual(4001);
    expect(items[0]).toMatchObject({ transcriptTruncated: { fields: ['text'], originalChars: expect.any(Number) } });
  });

  it('reads a row stored over the bound before it existed as a stub, without loading it', async () => {
    const huge = JSON.stringify(activity({ id: 'old', text: 'x', channelData: { filler: 'x'.repeat(MAX_TRANSCRIPT_ACTIVITY_CHARS * 8) } }));
    await db.run('INSERT INTO transcript_activities (channel_id, conversation_id, activity_id, timestamp, activity) VALUES (?, ?, ?, ?, ?)', [
      'directline',
      'conv',
      'old',
      '2026-11-30T19:00:00.000Z',
      huge,
    ]);
    const { items } = await store.getTranscriptActivities('directline', 'conv');
    expect(items).toEqual([expect.objectContaining({ id: 'old', type: 'message', transcriptTruncated: { fields: ['*'], originalChars: huge.length } })]);
  });
});
