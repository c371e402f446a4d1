import type { Request, Response, Server } from 'restify';
import { badRequest, notFound } from '../http/errors';
import { sendDomainError } from '../http/errorTable';
import { pathParam } from '../http/pathParam';
import type { HandoffService } from './handoffService';
import { TICKET_STATUSES, type TicketDetail } from './ticket';
import type { Ticket, TicketStatus } from './types';
import { setSecurityHeaders } from '../http/securityHeaders';
import type { StaffGuard, StaffIdentity } from '../staff/identity';
import type { SqlAttachmentStore } from '../attachments/store';
import { attachmentView, sendAttachment } from '../attachments/serve';

/** Longest staff reply accepted (Teams refuses messages over about 40 KB). */
const MAX_REPLY_LENGTH = 4000;
/** Most tickets one list answer holds (the newest ones); `limit` asks for fewer. */
const MAX_LIST_LIMIT = 1000;

/** A ticket as the queue lists it. */
function ticketSummary(ticket: Ticket) {
  return {
    id: ticket.id,
    status: ticket.status,
    language: ticket.language,
    summary: ticket.summary,
    contact: ticket.contact,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    conversationId: ticket.conversationId,
    channelId: ticket.channelId,
    ...(ticket.userName ? { userName: ticket.userName } : {}),
    ...(ticket.claimedBy ? { claimedBy: ticket.claimedBy } : {}),
  };
}

/** A ticket with everything staff read; the conversation reference stays on the server. */
function ticketView(ticket: TicketDetail) {
  return { ...ticketSummary(ticket), userId: ticket.userId, tried: ticket.tried, transcript: ticket.transcript, messages: ticket.messages };
}

export interface StaffApiDeps {
  handoff: HandoffService;
  requireStaff: StaffGuard;
  /** The files suppliers sent (none: tickets list no files). */
  attachments?: SqlAttachmentStore;
}

/** The files of a ticket's conversation, those sent before it was opened included, with the staff address of each. */
async function ticketFiles(attachments: SqlAttachmentStore | undefined, ticket: Ticket) {
  if (!attachments) return [];
  const files = await attachments.list(ticket.channelId, ticket.conversationId);
  return files.map((file) => attachmentView(file, `/api/handoff/tickets/${encodeURIComponent(ticket.id)}/attachments/${file.id}`));
}

/** What a ticket records of who acted: the member's email and name, or "api" for an integration. */
function actorOf(staff: StaffIdentity): { id: string; name?: string } {
  return staff.kind === 'member' ? { id: staff.id, name: staff.name } : { id: staff.id };
}

/** The JSON API behind the console, also open to integrations with the STAFF_API_TOKEN bearer. */
export function registerStaffApi(server: Server, deps: StaffApiDeps): void {
  const { handoff, requireStaff, attachments } = deps;

  server.get('/api/handoff/tickets', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const statuses = parseStatuses(query.status);
    if (statuses instanceof Error) return badRequest(res, 'status', statuses.message);
    const limit = parseLimit(query.limit);
    if (limit instanceof Error) return badRequest(res, 'limit', limit.message);
    const tickets = await handoff.list(statuses, limit);
    res.send(200, { tickets: tickets.map(ticketSummary) });
  });

  server.get('/api/handoff/tickets/:id', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    const ticket = await handoff.detail(ticketIdOf(req));
    if (!ticket) return notFound(res, `handoff: no ticket ${JSON.stringify(ticketIdOf(req).slice(0, 40))}`);
    res.send(200, { ...ticketView(ticket), attachments: await ticketFiles(attachments, ticket) });
  });

  // A file of the ticket's conversation, for staff only; another conversation's file is a 404 like an unknown id.
  server.get('/api/handoff/tickets/:id/attachments/:attachmentId', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    const ticket = await handoff.detail(ticketIdOf(req));
    const file = ticket && attachments ? await attachments.get(pathParam(req, 'attachmentId'), ticket.channelId, ticket.conversationId) : undefined;
    if (!file) return notFound(res, 'handoff: no such file on this ticket');
    sendAttachment(res, file);
  });

  server.post('/api/handoff/tickets/:id/claim', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    await answer(res, async () => {
      const ticket = await handoff.claim(ticketIdOf(req), actorOf(staff));
      return [200, ticketSummary(ticket)];
    });
  });

  server.post('/api/handoff/tickets/:id/messages', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return badRequest(res, 'text', 'the body must be a JSON object {"text": "..."}');
    }
    const text = (body as Record<string, unknown>).text;
    if (typeof text !== 'string') return badRequest(res, 'text', 'text is required and must be a string');
    if (!text.trim()) return badRequest(res, 'text', 'text must not be empty');
    if (text.length > MAX_REPLY_LENGTH) return badRequest(res, 'text', `text must be at most ${MAX_REPLY_LENGTH} characters`);
    await answer(res, async () => {
      const result = await handoff.reply(ticketIdOf(req), actorOf(staff), text.trim());
      return [201, { message: result.message, delivered: result.delivered }];
    });
  });

  server.post('/api/handoff/tickets/:id/resolve', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res);
    if (!staff) return;
    await answer(res, async () => {
      const ticket = await handoff.resolve(ticketIdOf(req), actorOf(staff));
      return [200, { ...ticketSummary(ticket), delivered: ticket.delivered }];
    });
  });
}

function ticketIdOf(req: Request): string {
  return pathParam(req, 'id');
}

/** Runs a ticket change: unknown ticket → 404, a change the ticket's state forbids → 409. */
async function answer(res: Response, work: () => Promise<[number, unknown]>): Promise<void> {
  try {
    const [status, body] = await work();
    res.send(status, body);
  } catch (error) {
    sendDomainError(res, error);
  }
}

function parseLimit(value: unknown): number | Error {
  if (value === undefined || value === '') return MAX_LIST_LIMIT;
  const limit = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIST_LIMIT)) return new Error(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  return limit;
}

/** `status=open`, `status=open,claimed`; absent → every status. */
function parseStatuses(value: unknown): TicketStatus[] | Error {
  if (value === undefined || value === '') return [];
  if (typeof value !== 'string') return new Error('status must be given once');
  const statuses = value.split(',').map((item) => item.trim());
  for (const status of statuses) {
    if (!(TICKET_STATUSES as readonly string[]).includes(status)) {
      return new Error(`status must be one of ${TICKET_STATUSES.join(', ')} (got ${JSON.stringify(status.slice(0, 40))})`);
    }
  }
  return statuses as TicketStatus[];
}
