import { SqlConversationStore } from '../../../../bot/channels/directline/sqlStore';
import { LocalEventBus } from '../../../../bot/events/eventBus';
import type { Database } from '../../../../bot/storage/database';
import { ENGINES } from '../../storage/engines';

const HOUR = 3_600_000;

/**
 * Issue 17: a conversation with a ticket outlives the idle sweep until `retain_until`, and "is the
 * supplier connected" is answered for streams held by any instance (a heartbeat in the database).
 */

/** What `read` gives once it gives `expected`, or its last answer after 5 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 5000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

describe.each(ENGINES)('SqlConversationStore retention and presence on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let now = Date.UTC(2026, 11, 1, 9);
  const bus = new LocalEventBus();
  /** Two instances' stores on one database, with one clock. */
  let here: SqlConversationStore;
  let elsewhere: SqlConversationStore;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    here = new SqlConversationStore(db, bus, { clock: () => now });
    elsewhere = new SqlConversationStore(db, bus, { clock: () => now });
  });
  afterAll(async () => {
    await here.close();
    await elsewhere.close();
    await dispose();
  });

  it('keeps a retained conversation past the idle limit until its date, then drops it', async () => {
    await here.create({ id: 'kept', userId: 'dl_u1' });
    await here.create({ id: 'idle', userId: 'dl_u2' });
    expect(await here.retain('kept', now + 8 * 24 * HOUR)).toBe(true);
    // An earlier date never shortens it.
    expect(await here.retain('kept', now + HOUR)).toBe(true);
    now += 3 * HOUR;
    await here.sweep();
    expect(await here.get('idle')).toBeUndefined();
    expect(await here.get('kept')).toBeDefined();
    now += 8 * 24 * HOUR;
    await here.sweep();
    expect(await here.get('kept')).toBeUndefined();
    expect(await here.retain('kept', now + HOUR)).toBe(false);
  });

  it('counts a stream on this instance or on another one as connected, and a closed one as gone at once', async () => {
    await here.create({ id: 'streamed', userId: 'dl_u3' });
    expect(await here.connected('streamed')).toBe(false);
    const stopHere = here.subscribe('streamed', () => undefined);
    expect(await here.connected('streamed')).toBe(true);
    stopHere();
    // The heartbeat is written and cleared in the background: wait for it, not a fixed 50 ms (too short on a loaded machine).
    expect(await eventually(() => here.connected('streamed'), false)).toBe(false);

    // Held by the other instance: its heartbeat answers for it here.
    const stopElsewhere = elsewhere.subscribe('streamed', () => undefined);
    expect(await eventually(() => here.connected('streamed'), true)).toBe(true);
    now += 60_000;
    await elsewhere.sweep();
    now += 100_000;
    expect(await here.connected('streamed')).toBe(true);
    // An instance that died with a stream open stops writing: after 150 s it reads as away.
    now += 60_000;
    expect(await here.connected('streamed')).toBe(false);
    stopElsewhere();
  });
});
