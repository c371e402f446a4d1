import { MAX_PENDING_TURNS } from '../../../../bot/channels/directline/channel';
import { MemoryConversationStore } from '../../../support/memoryConversationStore';
import { channelOn, type Logic } from '../../../support/directline';

function channelWith(logic: Logic) {
  const store = new MemoryConversationStore();
  return { channel: channelOn(store, logic), store };
}

describe('DirectLineChannel', () => {
  it('hands the bot a directline activity addressed from the user to the bot, with its service URL', async () => {
    const seen: unknown[] = [];
    const { channel } = channelWith(async (context) => void seen.push(context.activity));
    await channel.start('conv', 'dl_user_0001', 'fr-FR');
    await channel.receive('conv', 'dl_user_0001', { type: 'message', text: 'bonjour', locale: 'fr-CA' });
    await channel.idle('conv');
    expect(seen).toMatchObject([
      { type: 'conversationUpdate', locale: 'fr-FR', membersAdded: [{ id: 'bot' }, { id: 'dl_user_0001' }] },
      {
        type: 'message',
        text: 'bonjour',
        locale: 'fr-CA',
        channelId: 'directline',
        serviceUrl: 'http://127.0.0.1:1/directline-channel/',
        conversation: { id: 'conv' },
        from: { id: 'dl_user_0001', role: 'user' },
        recipient: { id: 'bot', role: 'bot' },
      },
    ]);
  });

  it('keeps running other conversations, and later turns, when a turn fails or hangs', async () => {
    let release: () => void = () => undefined;
    const handled: string[] = [];
    const { channel } = channelWith(async (context) => {
      const text = String(context.activity.text ?? context.activity.type);
      if (text === 'fail') throw new Error('boom');
      if (text === 'slow') await new Promise<void>((resolve) => (release = resolve));
      handled.push(`${context.activity.conversation.id}:${text}`);
    });
    await channel.store.create({ id: 'a', userId: 'dl_user_000a' });
    await channel.store.create({ id: 'b', userId: 'dl_user_000b' });
    await channel.receive('a', 'dl_user_000a', { type: 'message', text: 'fail' });
    await channel.receive('a', 'dl_user_000a', { type: 'message', text: 'after the failure' });
    await channel.receive('a', 'dl_user_000a', { type: 'message', text: 'slow' });
    await channel.receive('b', 'dl_user_000b', { type: 'message', text: 'not waiting for a' });
    await channel.idle('b');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...handled].sort()).toEqual(['a:after the failure', 'b:not waiting for a']);
    release();
    await channel.idle('a');
    expect(handled[handled.length - 1]).toBe('a:slow');
  });

  it('drains: resolves true once the turns of every conversation have run, false when one outlasts the time given', async () => {
    let release: () => void = () => undefined;
    const handled: string[] = [];
    const { channel } = channelWith(async (context) => {
      const text = String(context.activity.text ?? context.activity.type);
      if (text === 'slow') await new Promise<void>((resolve) => (release = resolve));
      handled.push(text);
    });
    await channel.store.create({ id: 'a', userId: 'dl_user_000a' });
    await channel.store.create({ id: 'b', userId: 'dl_user_000b' });
    await channel.receive('a', 'dl_user_000a', { type: 'message', text: 'slow' });
    await channel.receive('b', 'dl_user_000b', { type: 'message', text: 'quick' });
    expect(await channel.drain(50)).toBe(false);
    const drained = channel.drain(5_000);
    release();
    expect(await drained).toBe(true);
    expect(handled.sort()).toEqual(['quick', 'slow']);
  });

  it(`refuses more than ${MAX_PENDING_TURNS} waiting turns in one conversation`, async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { channel } = channelWith(async () => blocked);
    await channel.store.create({ id: 'busy', userId: 'dl_user_0001' });
    for (let i = 0; i < MAX_PENDING_TURNS; i++) await channel.receive('busy', 'dl_user_0001', { type: 'message', text: String(i) });
    await expect(channel.receive('busy', 'dl_user_0001', { type: 'message', text: 'one too many' })).rejects.toThrow('too many activities');
    release();
    await channel.idle('busy');
  });

  it('shows the bot\'s messages and typing to the client but not its traces', async () => {
    const { channel, store } = channelWith(async () => undefined);
    await store.create({ id: 'conv', userId: 'dl_user_0001' });
    await channel.deliverFromBot('conv', { type: 'typing', serviceUrl: 'http://127.0.0.1:1/directline-channel/' });
    await channel.deliverFromBot('conv', { type: 'trace', name: 'debug' });
    await channel.deliverFromBot('conv', { type: 'message', text: 'hello', from: { id: 'bot', name: 'Bot' } });
    const { activities } = (await store.since('conv'))!;
    expect(activities.map((activity) => [activity.type, activity.from?.role])).toEqual([['typing', 'bot'], ['message', 'bot']]);
    expect(activities[0]).not.toHaveProperty('serviceUrl');
  });
});
