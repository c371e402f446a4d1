import { SqlConversationStore } from '../../../../bot/channels/directline/sqlStore';
import type { ActivitySet } from '../../../../bot/channels/directline/store';
import { LocalEventBus, PostgresEventBus, type EventBus } from '../../../../bot/events/eventBus';
import type { Database } from '../../../../bot/storage/database';
import { ENGINES } from '../../storage/engines';

const message = (text: string) => ({ type: 'message', text });

function nextSet(store: SqlConversationStore, conversationId: string): Promise<ActivitySet> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nothing was pushed')), 5000);
    const stop = store.subscribe(conversationId, (set) => {
      clearTimeout(timer);
      stop();
      resolve(set);
    });
  });
}

describe.each(ENGINES)('SqlConversationStore on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let busA: EventBus;
  let busB: EventBus;
  let url: string | undefined;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    if (db.engine === 'postgres') {
      url = (db as unknown as { pool: { options: { connectionString: string } } }).pool.options.connectionString;
      busA = await PostgresEventBus.connect(url);
      busB = await PostgresEventBus.connect(url);
    } else {
      busA = busB = new LocalEventBus();
    }
  });
  afterAll(async () => {
    await busA.close();
    if (busB !== busA) await busB.close();
    await dispose();
  });

  it('numbers activities in order and returns those after a watermark', async () => {
    const store = new SqlConversationStore(db, busA);
    expect(await store.create({ id: 'order', userId: 'dl_user_0001', locale: 'fr-FR' })).toBe(true);
    expect(await store.create({ id: 'order', userId: 'dl_user_0001' })).toBe(false);
    const first = await store.append('order', message('one'));
    await store.append('order', message('two'));
    await store.append('order', message('three'));
    expect(first).toMatchObject({ activity: { id: 'order|0000001' }, watermark: '1' });
    expect(await store.since('order', 1)).toMatchObject({ activities: [{ text: 'two' }, { text: 'three' }], watermark: '3' });
    expect(await store.since('order', 3)).toEqual({ activities: [], watermark: '3' });
    expect(await store.get('order')).toEqual({ id: 'order', userId: 'dl_user_0001', locale: 'fr-FR' });
    await store.close();
  });

  it('keeps the newest activities within its bound while watermarks keep counting', async () => {
    const store = new SqlConversationStore(db, busA, { maxActivities: 2 });
    await store.create({ id: 'bounded', userId: 'dl_user_0001' });
    for (const text of ['one', 'two', 'three']) await store.append('bounded', message(text));
    expect(await store.since('bounded')).toMatchObject({ activities: [{ text: 'two' }, { text: 'three' }], watermark: '3' });
    await store.close();
  });

  it('answers undefined for a conversation it does not hold', async () => {
    const store = new SqlConversationStore(db, busA);
    expect(await store.append('missing', message('hello'))).toBeUndefined();
    expect(await store.since('missing')).toBeUndefined();
    await store.close();
  });

  it('pushes an activity appended through one instance to a stream open on another, once', async () => {
    const a = new SqlConversationStore(db, busA);
    const b = new SqlConversationStore(db, busB);
    await a.create({ id: 'shared', userId: 'dl_user_0002' });
    await a.append('shared', message('before the stream'));
    if (busB instanceof PostgresEventBus) await busB.ready();
    const pushed = nextSet(b, 'shared');
    await new Promise((r) => setTimeout(r, 50));
    await a.append('shared', message('staff reply'));
    expect(await pushed).toMatchObject({ activities: [{ text: 'staff reply' }], watermark: '2' });
    await a.close();
    await b.close();
  });

  it('drops conversations idle longer than its limit', async () => {
    let now = 1_000_000;
    const store = new SqlConversationStore(db, busA, { idleMilliseconds: 1000, clock: () => now });
    await store.create({ id: 'idle', userId: 'dl_user_0003' });
    await store.create({ id: 'streaming', userId: 'dl_user_0004' });
    const stop = store.subscribe('streaming', () => undefined);
    now += 5000;
    expect(await store.sweep()).toBeGreaterThanOrEqual(1);
    expect(await store.get('idle')).toBeUndefined();
    expect(await store.get('streaming')).toBeDefined();
    stop();
    await store.close();
  });
});
