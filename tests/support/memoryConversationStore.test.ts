import { MemoryConversationStore } from './memoryConversationStore';

const message = (text: string) => ({ type: 'message', text });

describe('MemoryConversationStore', () => {
  describe('append and since', () => {
    it('numbers activities in order and returns those after a watermark', async () => {
      const store = new MemoryConversationStore();
      await store.create({ id: 'conv', userId: 'dl_user_0001' });
      const first = await store.append('conv', message('one'));
      await store.append('conv', message('two'));
      await store.append('conv', message('three'));
      expect(first).toMatchObject({ activity: { id: 'conv|0000001' }, watermark: '1' });
      expect((await store.since('conv'))!.activities.map((a) => a.text)).toEqual(['one', 'two', 'three']);
      expect(await store.since('conv', 1)).toMatchObject({ activities: [{ text: 'two' }, { text: 'three' }], watermark: '3' });
      expect(await store.since('conv', 3)).toEqual({ activities: [], watermark: '3' });
    });

    it('keeps the newest activities within its bound while watermarks keep counting', async () => {
      const store = new MemoryConversationStore({ maxActivities: 2 });
      await store.create({ id: 'conv', userId: 'dl_user_0001' });
      for (const text of ['one', 'two', 'three']) await store.append('conv', message(text));
      expect(await store.since('conv')).toMatchObject({ activities: [{ text: 'two' }, { text: 'three' }], watermark: '3' });
      expect(await store.since('conv', 2)).toMatchObject({ activities: [{ text: 'three' }], watermark: '3' });
    });

    it('answers undefined for a conversation it does not hold', async () => {
      const store = new MemoryConversationStore();
      expect(await store.append('missing', message('hello'))).toBeUndefined();
      expect(await store.since('missing')).toBeUndefined();
    });
  });

  describe('subscribe', () => {
    it('tells each listener of its own conversation only, even when another listener throws', async () => {
      const store = new MemoryConversationStore();
      await store.create({ id: 'a', userId: 'dl_user_0001' });
      await store.create({ id: 'b', userId: 'dl_user_0002' });
      const heard: string[] = [];
      store.subscribe('a', () => {
        throw new Error('closed socket');
      });
      const stop = store.subscribe('a', (set) => heard.push(...set.activities.map((activity) => String(activity.text))));
      store.subscribe('b', (set) => heard.push(`b:${set.activities[0]!.text}`));
      await store.append('a', message('for a'));
      stop();
      await store.append('a', message('after unsubscribing'));
      expect(heard).toEqual(['for a']);
    });
  });

  describe('bounds', () => {
    it('drops conversations idle longer than its limit, but not those with an open stream', async () => {
      let now = 0;
      const store = new MemoryConversationStore({ idleMilliseconds: 1000, clock: () => now });
      await store.create({ id: 'idle', userId: 'dl_user_0001' });
      await store.create({ id: 'streaming', userId: 'dl_user_0002' });
      await store.create({ id: 'active', userId: 'dl_user_0003' });
      store.subscribe('streaming', () => undefined);
      now = 900;
      await store.append('active', message('still here'));
      now = 1500;
      expect(await store.sweep()).toBe(1);
      expect(await store.get('idle')).toBeUndefined();
      expect(await store.get('streaming')).toBeDefined();
      expect(await store.get('active')).toBeDefined();
    });

    it('makes room by dropping the least recently active conversation', async () => {
      let now = 0;
      const store = new MemoryConversationStore({ maxConversations: 2, clock: () => ++now });
      await store.create({ id: 'old', userId: 'dl_user_0001' });
      await store.create({ id: 'recent', userId: 'dl_user_0002' });
      await store.append('old', message('touch'));
      await store.create({ id: 'new', userId: 'dl_user_0003' });
      expect(await store.get('recent')).toBeUndefined();
      expect(await store.get('old')).toBeDefined();
      expect(await store.get('new')).toBeDefined();
    });
  });
});
