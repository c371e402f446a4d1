import { CONVERSATION_QUOTA, MAX_STORED_ACTIVITY_CHARS, PAGE_LIMITS } from '../../../../bot/channels/directline/limits';
import { SqlConversationStore } from '../../../../bot/channels/directline/sqlStore';
import type { ConversationStore } from '../../../../bot/channels/directline/store';
import { MemoryConversationStore } from '../../../support/memoryConversationStore';
import { LocalEventBus } from '../../../../bot/events/eventBus';
import type { Database } from '../../../../bot/storage/database';
import { ENGINES } from '../../storage/engines';

/** An activity of about `chars` characters of JSON. */
const sized = (chars: number, n = 0) => ({ type: 'event', name: `n${n}`, value: { filler: 'x'.repeat(Math.max(0, chars - 120)) } });

/** The checks every store passes: quota, pages bounded in count and characters, single-use tokens. */
function limitsSuite(open: () => Promise<{ store: ConversationStore; db?: Database; dispose: () => Promise<void> }>) {
  let store: ConversationStore;
  let db: Database | undefined;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, db, dispose } = await open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('keeps at most the character quota per conversation, the newest first, and goes on appending', async () => {
    await store.create({ id: 'quota', userId: 'dl_user_0001' });
    const each = 36 * 1024;
    const count = Math.ceil((CONVERSATION_QUOTA.chars * 1.5) / each);
    let last = '';
    for (let n = 1; n <= count; n++) last = (await store.append('quota', sized(each, n)))!.watermark;
    expect(last).toBe(String(count));
    const kept = [];
    for (let watermark: number | undefined; ; ) {
      const page = (await store.since('quota', watermark))!;
      kept.push(...page.activities);
      if (Number(page.watermark) === (watermark ?? 0) || page.activities.length === 0) break;
      watermark = Number(page.watermark);
    }
    const chars = kept.reduce((sum, activity) => sum + JSON.stringify(activity).length, 0);
    expect(chars).toBeLessThanOrEqual(CONVERSATION_QUOTA.chars);
    expect(kept.length).toBeLessThan(count);
    expect(kept[kept.length - 1]!.name).toBe(`n${count}`);
    if (db) {
      const row = await db.get<{ chars: number | string; total: number | string }>(
        `SELECT c.chars, (SELECT SUM(size) FROM directline_activities a WHERE a.conversation_id = c.id) AS total
         FROM directline_conversations c WHERE c.id = ?`,
        ['quota'],
      );
      expect(Number(row!.chars)).toBe(Number(row!.total));
    }
  });

  it('answers a read with at most PAGE_LIMITS.activities activities and the watermark to go on from', async () => {
    await store.create({ id: 'pages', userId: 'dl_user_0002' });
    for (let n = 1; n <= 150; n++) await store.append('pages', { type: 'message', text: `m${n}` });
    const first = (await store.since('pages'))!;
    expect(first.activities).toHaveLength(PAGE_LIMITS.activities);
    expect(first.watermark).toBe(String(PAGE_LIMITS.activities));
    const second = (await store.since('pages', Number(first.watermark)))!;
    expect(second.activities.map((a) => a.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 101}`));
    expect(second.watermark).toBe('150');
  });

  it('answers a read with at most PAGE_LIMITS.chars characters', async () => {
    await store.create({ id: 'heavy', userId: 'dl_user_0003' });
    for (let n = 1; n <= 20; n++) await store.append('heavy', sized(30 * 1024, n));
    const page = (await store.since('heavy'))!;
    expect(JSON.stringify(page.activities).length).toBeLessThanOrEqual(PAGE_LIMITS.chars + 100);
    expect(page.activities.length).toBeGreaterThan(0);
    expect(page.activities.length).toBeLessThan(20);
    expect(page.watermark).toBe(String(page.activities.length));
  });

  it('lets a single-use token be used once', async () => {
    expect(await store.consumeToken('jti-1', Date.now() + 60_000)).toBe(true);
    expect(await store.consumeToken('jti-1', Date.now() + 60_000)).toBe(false);
    expect(await store.consumeToken('jti-2', Date.now() + 60_000)).toBe(true);
  });
}

describe('MemoryConversationStore limits', () => {
  limitsSuite(async () => ({ store: new MemoryConversationStore(), dispose: async () => undefined }));
});

describe.each(ENGINES)('SqlConversationStore limits on $name', (engine) => {
  limitsSuite(async () => {
    const { db, dispose } = await engine.open();
    const store = new SqlConversationStore(db, new LocalEventBus());
    return {
      store,
      db,
      dispose: async () => {
        await store.close();
        await dispose();
      },
    };
  });

  // Rows written before the caps existed (issue 13: 200 KB each, and a restarted server crashed
  // again reading them): never loaded, skipped, and the watermark moves past them.
  it('skips stored activities over MAX_STORED_ACTIVITY_CHARS without loading them', async () => {
    const { db, dispose } = await engine.open();
    const store = new SqlConversationStore(db, new LocalEventBus());
    try {
      await store.create({ id: 'legacy', userId: 'dl_user_0004' });
      await store.append('legacy', { type: 'message', text: 'before' });
      const huge = JSON.stringify({ id: 'legacy|0000002', type: 'message', channelData: { filler: 'x'.repeat(MAX_STORED_ACTIVITY_CHARS * 4) } });
      await db.run('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)', ['legacy', 2, huge]);
      await db.run('UPDATE directline_conversations SET sequence = 2 WHERE id = ?', ['legacy']);
      await store.append('legacy', { type: 'message', text: 'after' });
      const page = (await store.since('legacy'))!;
      expect(page.activities.map((a) => a.text)).toEqual(['before', 'after']);
      expect(page.watermark).toBe('3');
      const onlyHuge = (await store.since('legacy', 1, { activities: 1, chars: PAGE_LIMITS.chars }))!;
      expect(onlyHuge).toEqual({ activities: [], watermark: '2' });
    } finally {
      await store.close();
      await dispose();
    }
  });
});
