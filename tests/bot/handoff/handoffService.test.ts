import { InProcessHandoffEvents, type HandoffEvent } from '../../../bot/handoff/events';
import { HandoffService } from '../../../bot/handoff/handoffService';
import en from '../../../bot/handoff/resources/en.json';
import fr from '../../../bot/handoff/resources/fr.json';
import { handoffText } from '../../../bot/handoff/texts';
import { SqlTicketStore } from '../../../bot/handoff/sqlTicketStore';
import { TicketStateError } from '../../../bot/handoff/ticketErrors';
import { createLogger } from '../../../bot/logger';
import { openSqlite, type Database } from '../../../bot/storage/database';
import { migrate } from '../../../bot/storage/migrate';
import { newTicket } from './fixtures';

describe('handoff texts', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('fill placeholders without reading placeholders inside the values', () => {
    expect(handoffText('en', 'staffReply', { agent: 'Alice', text: 'see {agent}' })).toBe('Premium support (Alice): see {agent}');
    expect(handoffText('fr', 'resolved', { ticketId: 'PS-000007' })).toContain('votre demande PS-000007 est résolue');
  });
});

describe('HandoffService', () => {
  let db: Database;
  let service: HandoffService;
  let events: HandoffEvent[];
  let sent: string[];
  let failSends: boolean;
  let nudges: number;

  beforeEach(async () => {
    db = openSqlite(':memory:');
    await migrate(db);
    events = [];
    sent = [];
    failSends = false;
    nudges = 0;
    const bus = new InProcessHandoffEvents();
    bus.subscribe((event) => events.push(event));
    service = new HandoffService({
      store: new SqlTicketStore(db),
      events: bus,
      logger: createLogger('silent'),
      send: async (_reference, text) => {
        if (failSends) throw new Error('channel down');
        sent.push(text);
      },
      onOutbox: () => nudges++,
    });
  });
  afterEach(() => db.close());

  it('opens a ticket, finds it as the active one for its conversation and announces it', async () => {
    const ticket = await service.openTicket(newTicket({ conversationId: 'c-1' }));
    expect((await service.activeTicketFor('c-1'))?.id).toBe(ticket.id);
    expect(events).toEqual([expect.objectContaining({ type: 'ticket.created', ticketId: ticket.id, status: 'open' })]);
    expect(nudges).toBe(1);
  });

  it('passes the user’s messages to the staff while the ticket is active', async () => {
    const ticket = await service.openTicket(newTicket());
    await service.addUserMessage(ticket.id, 'Encore là ?');
    expect((await service.detail(ticket.id))?.messages).toEqual([expect.objectContaining({ author: 'user', text: 'Encore là ?' })]);
    expect(events.at(-1)).toMatchObject({ type: 'ticket.message', ticketId: ticket.id });
  });

  it('lets the user withdraw, after which the conversation has no active ticket', async () => {
    const ticket = await service.openTicket(newTicket({ conversationId: 'c-2' }));
    await service.withdraw(ticket.id);
    expect(await service.activeTicketFor('c-2')).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'ticket.withdrawn', status: 'withdrawn' });
    await expect(service.addUserMessage(ticket.id, 'trop tard')).rejects.toBeInstanceOf(TicketStateError);
  });

  it('sends a staff reply in the ticket’s language, naming the agent', async () => {
    const ticket = await service.openTicket(newTicket({ language: 'fr' }));
    const result = await service.reply(ticket.id, { id: 'alice@example.com', name: 'Alice' }, 'Je regarde.');
    expect(result.delivered).toBe(true);
    expect(sent).toEqual(['Support Premium (Alice) : Je regarde.']);
    expect((await service.detail(ticket.id))?.claimedBy).toBe('alice@example.com');
  });

  it('stores a reply even when the channel refuses it, and says so', async () => {
    const ticket = await service.openTicket(newTicket());
    failSends = true;
    const result = await service.reply(ticket.id, { id: 'api' }, 'Hello?');
    expect(result.delivered).toBe(false);
    expect((await service.detail(ticket.id))?.messages.map((m) => m.text)).toEqual(['Hello?']);
  });

  it('resolves: the user is told in English or French, and the assistant takes over', async () => {
    const ticket = await service.openTicket(newTicket({ language: 'en', conversationId: 'c-3' }));
    await service.claim(ticket.id, { id: 'alice@example.com' });
    const resolved = await service.resolve(ticket.id, { id: 'alice@example.com' });
    expect(resolved).toMatchObject({ status: 'resolved', delivered: true });
    expect(sent).toEqual([handoffText('en', 'resolved', { ticketId: ticket.id })]);
    expect(await service.activeTicketFor('c-3')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.claimed', 'ticket.resolved']);
  });

  it('keeps other console listeners informed when one of them throws', () => {
    const bus = new InProcessHandoffEvents();
    const heard: string[] = [];
    bus.subscribe(() => {
      throw new Error('closed connection');
    });
    const unsubscribe = bus.subscribe((event) => heard.push(event.ticketId));
    bus.publish({ type: 'ticket.created', ticketId: 'PS-000001', status: 'open', at: '' });
    unsubscribe();
    bus.publish({ type: 'ticket.created', ticketId: 'PS-000002', status: 'open', at: '' });
    expect(heard).toEqual(['PS-000001']);
  });
});
