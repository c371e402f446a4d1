import { SqlTicketStore } from '../../../bot/handoff/sqlTicketStore';
import { parseTicketId } from '../../../bot/handoff/ticket';
import { TicketNotFoundError, TicketStateError } from '../../../bot/handoff/ticketErrors';
import type { Database } from '../../../bot/storage/database';
import { ENGINES } from '../storage/engines';
import { newTicket } from './fixtures';

const alice = { id: 'alice@example.com', name: 'Alice' };
const bob = { id: 'bob@example.com', name: 'Bob' };

describe.each(ENGINES)('SqlTicketStore on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let store: SqlTicketStore;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    store = new SqlTicketStore(db, { outbox: true });
  });
  afterAll(() => dispose());

  it('creates an open ticket with a public id and reads back every field', async () => {
    const input = newTicket();
    const ticket = await store.create(input);
    expect(ticket.id).toMatch(/^PS-\d{6}$/);
    expect(ticket).toMatchObject({ ...input, status: 'open' });
    expect(ticket.claimedBy).toBeUndefined();
    expect(Date.parse(ticket.createdAt)).not.toBeNaN();
    expect(await store.get(ticket.id)).toEqual(ticket);
  });

  it('numbers tickets one after the other', async () => {
    const first = await store.create(newTicket());
    const second = await store.create(newTicket());
    expect(parseTicketId(second.id)).toBe(parseTicketId(first.id)! + 1);
  });

  it('finds the active ticket of a conversation, and none once it is resolved', async () => {
    const ticket = await store.create(newTicket({ conversationId: 'conv-active' }));
    expect((await store.activeFor('conv-active'))?.id).toBe(ticket.id);
    await store.resolve(ticket.id, alice);
    expect(await store.activeFor('conv-active')).toBeUndefined();
    expect(await store.activeFor('conv-never')).toBeUndefined();
  });

  it('lists tickets by status, oldest first', async () => {
    const open = await store.create(newTicket());
    const claimed = await store.create(newTicket());
    await store.claim(claimed.id, alice);
    const openIds = (await store.list(['open'])).map((t) => t.id);
    expect(openIds).toContain(open.id);
    expect(openIds).not.toContain(claimed.id);
    expect(openIds).toEqual([...openIds].sort());
    expect((await store.list(['claimed'])).map((t) => t.id)).toContain(claimed.id);
    expect((await store.list()).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the newest tickets when the list is limited, still oldest first', async () => {
    const created = [await store.create(newTicket()), await store.create(newTicket()), await store.create(newTicket())];
    expect((await store.list(['open'], 2)).map((t) => t.id)).toEqual([created[1]!.id, created[2]!.id]);
  });

  it('keeps user and staff messages in the order they were written', async () => {
    const ticket = await store.create(newTicket());
    await store.addMessage(ticket.id, 'user', 'Toujours bloqué', { id: 'user' });
    await store.addMessage(ticket.id, 'staff', 'Je regarde', alice);
    await store.addMessage(ticket.id, 'user', 'Merci !', { id: 'user' });
    const messages = await store.messages(ticket.id);
    expect(messages.map((m) => [m.author, m.text])).toEqual([
      ['user', 'Toujours bloqué'],
      ['staff', 'Je regarde'],
      ['user', 'Merci !'],
    ]);
    expect(messages[1]).toMatchObject({ ticketId: ticket.id, authorName: 'Alice' });
    expect((await store.detail(ticket.id))?.messages).toEqual(messages);
  });

  it('claims an open ticket for the staff member who replies to it first', async () => {
    const ticket = await store.create(newTicket());
    await store.addMessage(ticket.id, 'staff', 'Bonjour', alice);
    expect(await store.get(ticket.id)).toMatchObject({ status: 'claimed', claimedBy: alice.id });
  });

  it('lets the holder claim again but refuses a claim on a ticket someone else holds', async () => {
    const ticket = await store.create(newTicket());
    await store.claim(ticket.id, alice);
    await expect(store.claim(ticket.id, alice)).resolves.toMatchObject({ status: 'claimed', claimedBy: alice.id });
    await expect(store.claim(ticket.id, bob)).rejects.toBeInstanceOf(TicketStateError);
    expect((await store.get(ticket.id))?.claimedBy).toBe(alice.id);
  });

  it('lets only one of two simultaneous claims win', async () => {
    const ticket = await store.create(newTicket());
    const results = await Promise.allSettled([store.claim(ticket.id, alice), store.claim(ticket.id, bob)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const holder = (await store.get(ticket.id))?.claimedBy;
    expect([alice.id, bob.id]).toContain(holder);
  });

  it('logs every state change in order', async () => {
    const ticket = await store.create(newTicket());
    await store.claim(ticket.id, alice);
    await store.addMessage(ticket.id, 'staff', 'Réglé ?', alice);
    await store.resolve(ticket.id, alice);
    const events = await store.events(ticket.id);
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['created', undefined, 'open', 'user'],
      ['claimed', 'open', 'claimed', alice.id],
      ['message', 'claimed', 'claimed', alice.id],
      ['resolved', 'claimed', 'resolved', alice.id],
    ]);
  });

  it('refuses messages and changes on a resolved or withdrawn ticket', async () => {
    const resolved = await store.create(newTicket());
    await store.resolve(resolved.id, alice);
    await expect(store.addMessage(resolved.id, 'staff', 'late', alice)).rejects.toThrow(
      `tickets: cannot add a message to ticket ${resolved.id}: it is resolved`,
    );
    await expect(store.resolve(resolved.id, alice)).rejects.toBeInstanceOf(TicketStateError);
    const withdrawn = await store.create(newTicket());
    await store.withdraw(withdrawn.id, { id: 'user' });
    expect((await store.get(withdrawn.id))?.status).toBe('withdrawn');
    await expect(store.claim(withdrawn.id, alice)).rejects.toBeInstanceOf(TicketStateError);
    expect(await store.messages(resolved.id)).toEqual([]);
  });

  it('answers unknown tickets with nothing to read and a TicketNotFoundError to change', async () => {
    expect(await store.get('PS-999999')).toBeUndefined();
    expect(await store.get('not-a-ticket')).toBeUndefined();
    expect(await store.detail('PS-999999')).toBeUndefined();
    await expect(store.claim('PS-999999', alice)).rejects.toBeInstanceOf(TicketNotFoundError);
    await expect(store.addMessage('nope', 'user', 'hi')).rejects.toThrow('tickets: no ticket "nope"');
  });

  it('writes a webhook event to the outbox with each creation, message and resolution', async () => {
    const ticket = await store.create(newTicket());
    await store.claim(ticket.id, alice);
    await store.addMessage(ticket.id, 'staff', 'Voilà', alice);
    await store.resolve(ticket.id, alice);
    const rows = await db.all<{ type: string; payload: string; event_id: string }>(
      "SELECT type, payload, event_id FROM handoff_outbox WHERE payload LIKE ? ORDER BY id",
      [`%"id":"${ticket.id}"%`],
    );
    expect(rows.map((r) => r.type)).toEqual(['ticket.created', 'ticket.message', 'ticket.resolved']);
    const created = JSON.parse(rows[0]!.payload);
    expect(created).toMatchObject({ id: rows[0]!.event_id, type: 'ticket.created', ticket: { id: ticket.id, status: 'open' } });
    expect(created.ticket.transcript).toHaveLength(2);
    expect(created.ticket.conversationReference).toBeUndefined();
    expect(JSON.parse(rows[1]!.payload).message).toMatchObject({ author: 'staff', authorName: 'Alice', text: 'Voilà' });
  });

  it('writes nothing to the outbox when the webhook is off', async () => {
    const quiet = new SqlTicketStore(db);
    const before = await db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM handoff_outbox');
    const ticket = await quiet.create(newTicket());
    await quiet.resolve(ticket.id, alice);
    const after = await db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM handoff_outbox');
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  it('keeps text with quotes, markup and non-Latin characters exactly', async () => {
    const summary = `<script>alert("x")</script> l'accès ? ünïcødé 🔑 ; DROP TABLE tickets;--`;
    const ticket = await store.create(newTicket({ summary }));
    await store.addMessage(ticket.id, 'user', summary);
    expect((await store.get(ticket.id))?.summary).toBe(summary);
    expect((await store.messages(ticket.id))[0]?.text).toBe(summary);
  });

  it('stores timestamps from the clock it is given', async () => {
    const fixed = new SqlTicketStore(db, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    const ticket = await fixed.create(newTicket());
    expect(ticket.createdAt).toBe('2026-01-02T03:04:05.000Z');
  });
});
