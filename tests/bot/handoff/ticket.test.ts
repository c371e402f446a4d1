import { changeApplies, formatTicketId, parseTicketId } from '../../../bot/handoff/ticket';
import { TicketStateError } from '../../../bot/handoff/ticketErrors';
import type { Ticket, TicketStatus } from '../../../bot/handoff/types';
import { newTicket } from './fixtures';

describe('ticket ids', () => {
  it('format as PS- and six digits, and parse back', () => {
    expect(formatTicketId(42)).toBe('PS-000042');
    expect(parseTicketId('PS-000042')).toBe(42);
    expect(parseTicketId('ps-42')).toBe(42);
  });

  it('reject anything that is not a ticket id', () => {
    for (const bad of ['', 'PS-', 'PS-0', '42', 'PS-12a', "PS-1' OR 1=1", 'PS-9999999999999']) {
      expect(parseTicketId(bad)).toBeUndefined();
    }
  });
});

describe('changeApplies', () => {
  const alice = { id: 'alice@example.com' };
  const ticket = (status: TicketStatus, claimedBy?: string): Ticket => ({
    ...newTicket(),
    id: 'PS-000001',
    status,
    createdAt: '2026-11-28T10:00:00.000Z',
    updatedAt: '2026-11-28T10:00:00.000Z',
    ...(claimedBy ? { claimedBy } : {}),
  });

  it('lets an open ticket be claimed, resolved or withdrawn, and a claimed one resolved or withdrawn', () => {
    for (const change of ['claim', 'resolve', 'withdraw'] as const) expect(changeApplies(ticket('open'), change, alice)).toBe(true);
    for (const change of ['resolve', 'withdraw'] as const) {
      expect(changeApplies(ticket('claimed', 'bob@example.com'), change, alice)).toBe(true);
    }
  });

  it('has nothing to do when the holder claims again, and refuses a claim on a ticket someone else holds', () => {
    expect(changeApplies(ticket('claimed', alice.id), 'claim', alice)).toBe(false);
    expect(() => changeApplies(ticket('claimed', 'bob@example.com'), 'claim', alice)).toThrow(
      'tickets: cannot claim (held by bob@example.com) ticket PS-000001: it is claimed',
    );
  });

  it('refuses every change to a resolved or withdrawn ticket', () => {
    for (const status of ['resolved', 'withdrawn'] as const) {
      for (const change of ['claim', 'resolve', 'withdraw'] as const) {
        expect(() => changeApplies(ticket(status), change, alice)).toThrow(TicketStateError);
      }
    }
  });
});
