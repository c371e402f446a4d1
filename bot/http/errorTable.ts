import type { Response } from 'restify';
import { KnowledgeEditError } from '../../knowledge/editing';
import { BusyError } from '../channels/directline/channel';
import { TokenError } from '../channels/directline/tokens';
import { DirectLineUpstreamError } from '../channels/web/tokenService';
import { TicketNotFoundError, TicketStateError } from '../handoff/ticketErrors';
import type { ErrorBody } from './errors';

/** How one refused request is answered: status, the `{"error","message","field"}` body, extra headers. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

interface ErrorRule<E extends Error = Error> {
  readonly type: ErrorClass<E>;
  readonly answer: (error: E) => ErrorAnswer;
}

function rule<E extends Error>(type: ErrorClass<E>, answer: (error: E) => ErrorAnswer): ErrorRule {
  return { type, answer: answer as (error: Error) => ErrorAnswer };
}

function body(error: string, message: string, field?: string): ErrorBody {
  return field ? { error, message, field } : { error, message };
}

/** The statuses of a refused knowledge change, by kind. */
const KNOWLEDGE_EDIT_ANSWERS: Record<KnowledgeEditError['kind'], (error: KnowledgeEditError) => ErrorAnswer> = {
  invalid: (error) => ({ status: 400, body: body('bad_request', error.message, error.field ?? '(body)') }),
  not_found: (error) => ({ status: 404, body: body('not_found', error.message) }),
  exists: (error) => ({ status: 409, body: body('exists', error.message, error.field) }),
  conflict: (error) => ({ status: 409, body: body('conflict', error.message) }),
};

/**
 * Every domain error a route may meet, and what the client is told: one table, as fastify maps
 * error codes, instead of each route choosing a status. Order matters only for subclasses.
 */
const ERROR_TABLE: readonly ErrorRule[] = [
  rule(TicketNotFoundError, (error) => ({ status: 404, body: body('not_found', `handoff: no ticket ${JSON.stringify(error.ticketId.slice(0, 40))}`) })),
  rule(TicketStateError, (error) => ({ status: 409, body: body('conflict', error.message) })),
  rule(KnowledgeEditError, (error) => KNOWLEDGE_EDIT_ANSWERS[error.kind](error)),
  rule(TokenError, (error) => ({
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer' },
    body: body(error.reason === 'expired' ? 'token_expired' : 'unauthorized', error.message),
  })),
  // A conversation's queue of turns is full: the client retries shortly.
  rule(BusyError, (error) => ({ status: 429, headers: { 'Retry-After': '2' }, body: body('too_many_requests', error.message) })),
  rule(DirectLineUpstreamError, (error) => ({ status: 502, body: body('directline_unavailable', error.message) })),
];

/** The answer for a known domain error, or undefined for any other (a 500 then). */
export function errorAnswer(error: unknown): ErrorAnswer | undefined {
  if (!(error instanceof Error)) return undefined;
  const known = ERROR_TABLE.find((candidate) => error instanceof candidate.type);
  return known?.answer(error);
}

/**
 * Answers a domain error by the table (status, body, headers); rethrows any other error, which
 * restify then answers with a 500.
 */
export function sendDomainError(res: Response, error: unknown): void {
  const answer = errorAnswer(error);
  if (!answer) throw error;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.send(answer.status, answer.body);
}
