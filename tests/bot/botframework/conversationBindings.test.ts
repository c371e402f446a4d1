import { SqlConversationBindings } from '../../../bot/botframework/conversationBindings';
import type { Database } from '../../../bot/storage/database';
import { SqlTicketStore } from '../../../bot/handoff/sqlTicketStore';
import { newTicket } from '../handoff/fixtures';
import { ENGINES } from '../storage/engines';

describe.each(ENGINES)('SqlConversationBindings ($name)', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let bindings: SqlConversationBindings;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    bindings = new SqlConversationBindings(db);
  });
  afterAll(async () => dispose());

  const teams = { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/' };

  it('binds a new conversation to the first claimant, and keeps it against later ones', async () => {
    expect(await bindings.get('conv-1')).toBeUndefined();
    expect(await bindings.claim('conv-1', teams)).toEqual(teams);
    expect(await bindings.claim('conv-1', { channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9/' })).toEqual(teams);
    expect(await bindings.get('conv-1')).toEqual(teams);
  });

  it('gives concurrent claimants one and the same binding', async () => {
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, n) => bindings.claim('conv-race', { channelId: `channel-${n}`, serviceUrl: `http://127.0.0.1:${9000 + n}/` })),
    );
    expect(new Set(claims.map((claim) => JSON.stringify(claim))).size).toBe(1);
    expect(await bindings.get('conv-race')).toEqual(claims[0]);
  });

  it('moves a conversation to a new serviceUrl of its own channel only', async () => {
    await bindings.claim('conv-2', teams);
    await bindings.moveServiceUrl('conv-2', 'webchat', 'https://elsewhere.example.net/');
    expect(await bindings.get('conv-2')).toEqual(teams);
    await bindings.moveServiceUrl('conv-2', 'msteams', 'https://smba.trafficmanager.net/teams/');
    expect(await bindings.get('conv-2')).toEqual({ channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/teams/' });
  });

  it('reads the channel of a conversation from before bindings from its newest ticket', async () => {
    const tickets = new SqlTicketStore(db, { outbox: false });
    expect(await bindings.fromTickets('conv-with-ticket')).toBeUndefined();
    await tickets.create(newTicket({ conversationId: 'conv-with-ticket', channelId: 'webchat' }));
    expect(await bindings.fromTickets('conv-with-ticket')).toEqual({ channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9/' });
  });
});
