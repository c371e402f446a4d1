import { LocalEventBus, PostgresEventBus, type BusMessage } from '../../../bot/events/eventBus';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';

function nextMessage(subscribe: (handler: (m: BusMessage) => void) => void, timeoutMs = 5000): Promise<BusMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message arrived')), timeoutMs);
    subscribe((message) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

describe('LocalEventBus', () => {
  it('delivers a published message to every subscriber of the channel', async () => {
    const bus = new LocalEventBus();
    const first = nextMessage((h) => bus.subscribe('tickets', h));
    const second = nextMessage((h) => bus.subscribe('tickets', h));
    await bus.publish('tickets', { id: 'PS-1' });
    expect(await first).toEqual({ id: 'PS-1' });
    expect(await second).toEqual({ id: 'PS-1' });
    await bus.close();
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = new LocalEventBus();
    const received: BusMessage[] = [];
    const unsubscribe = bus.subscribe('tickets', (m) => received.push(m));
    unsubscribe();
    await bus.publish('tickets', { id: 'PS-2' });
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([]);
  });

  it('refuses channel names that are not plain identifiers', async () => {
    const bus = new LocalEventBus();
    await expect(bus.publish('x; DROP TABLE t', {})).rejects.toThrow(/^events: invalid channel name/);
  });
});

describe('PostgresEventBus', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable');
    ({ url, drop } = await createTestDatabase());
  });
  afterAll(() => drop());

  it('carries a message published by one instance to another', async () => {
    const a = await PostgresEventBus.connect(url);
    const b = await PostgresEventBus.connect(url);
    const arrived = nextMessage((h) => b.subscribe('handoff_events', h));
    await b.ready();
    await a.publish('handoff_events', { type: 'message', ticketId: 'PS-000001', text: 'Bonjour' });
    expect(await arrived).toEqual({ type: 'message', ticketId: 'PS-000001', text: 'Bonjour' });
    await a.close();
    await b.close();
  });

  it('refuses a message too large for NOTIFY rather than truncating it', async () => {
    const a = await PostgresEventBus.connect(url);
    await expect(a.publish('big', { text: 'x'.repeat(9000) })).rejects.toThrow(/too large/);
    await a.close();
  });
});
