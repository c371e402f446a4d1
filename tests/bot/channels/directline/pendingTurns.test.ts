import { MAX_TURN_ATTEMPTS } from '../../../../bot/channels/directline/channel';
import { SqlConversationStore } from '../../../../bot/channels/directline/sqlStore';
import { LocalEventBus } from '../../../../bot/events/eventBus';
import type { Database } from '../../../../bot/storage/database';
import { channelOn, type Logic } from '../../../support/directline';
import { ENGINES } from '../../storage/engines';

const pendingCount = async (db: Database) => Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM directline_pending_turns'))?.n);

describe.each(ENGINES)('Pending Direct Line turns on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await engine.open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('keeps the acknowledged activity as a pending turn until the bot has run it', async () => {
    let release: () => void = () => undefined;
    const store = new SqlConversationStore(db, new LocalEventBus());
    const channel = channelOn(store, async (context) => {
      if (context.activity.type === 'message') await new Promise<void>((resolve) => (release = resolve));
    });
    await channel.start('kept', 'dl_user_0001');
    await channel.idle('kept');
    expect(await pendingCount(db)).toBe(0);
    const id = await channel.receive('kept', 'dl_user_0001', { type: 'message', text: 'yes' });
    // receive() resolved: this is when the route answers 200; the turn is durable from here on.
    const row = await db.get<{ activity_id: string; conversation_id: string }>('SELECT activity_id, conversation_id FROM directline_pending_turns');
    expect(row).toEqual({ activity_id: id, conversation_id: 'kept' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await channel.idle('kept');
    expect(await pendingCount(db)).toBe(0);
  });

  it('runs a turn a crashed process left unfinished once, after restart, on one instance only', async () => {
    let now = 1_000_000;
    const clock = () => now;
    // The process that acknowledged the message and died before its turn ran (the bot never answers).
    const crashed = channelOn(new SqlConversationStore(db, new LocalEventBus(), { clock }), () => new Promise<void>(() => undefined), clock);
    await crashed.store.create({ id: 'lost', userId: 'dl_user_0002' });
    const id = await crashed.receive('lost', 'dl_user_0002', { type: 'message', text: 'oui' });
    now += 1000;

    const ran: string[] = [];
    const bot: Logic = async (context) => void ran.push(String(context.activity.id));
    const restarted = channelOn(new SqlConversationStore(db, new LocalEventBus(), { clock }), bot, clock);
    const other = channelOn(new SqlConversationStore(db, new LocalEventBus(), { clock }), bot, clock);
    if (db.engine === 'postgres') {
      // Another instance may still be running it: nothing is taken over before its lease runs out.
      expect(await restarted.recover()).toBe(0);
      now += 121_000;
    }
    const recovered = await Promise.all([restarted.recover(), other.recover()]);
    expect(recovered.sort()).toEqual([0, 1]);
    await restarted.idle('lost');
    await other.idle('lost');
    expect(ran).toEqual([id]);
    expect(await pendingCount(db)).toBe(0);
    expect(await restarted.recover()).toBe(0);
  });

  it(`gives a turn up after ${MAX_TURN_ATTEMPTS} starts, so a turn that kills the process cannot do it forever`, async () => {
    let now = 1_000_000;
    const clock = () => now;
    const never = () => new Promise<void>(() => undefined);
    const first = channelOn(new SqlConversationStore(db, new LocalEventBus(), { clock }), never, clock);
    await first.store.create({ id: 'poison', userId: 'dl_user_0003' });
    await first.receive('poison', 'dl_user_0003', { type: 'message', text: 'crashes every time' });
    const starts: number[] = [];
    for (let restart = 1; restart <= MAX_TURN_ATTEMPTS; restart++) {
      now += db.engine === 'postgres' ? 121_000 : 1000;
      starts.push(await channelOn(new SqlConversationStore(db, new LocalEventBus(), { clock }), never, clock).recover());
    }
    expect(starts).toEqual([1, 1, 0]);
    expect(await pendingCount(db)).toBe(0);
  });
});
