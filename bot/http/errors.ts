import type { Response } from 'restify';

/** The JSON body of every 4xx this server sends: what went wrong and, for input, which field. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

export function sendError(res: Response, status: number, error: string, message: string, field?: string): void {
  const body: ErrorBody = field ? { error, message, field } : { error, message };
  res.send(status, body);
}

/** 429 with Retry-After: one more request is over a rate limit; `message` says which and when to retry. */
export function tooManyRequests(res: Response, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendError(res, 429, 'too_many_requests', message);
}

/** 400 naming the parameter or field that is wrong. */
export function badRequest(res: Response, field: string, message: string): void {
  sendError(res, 400, 'bad_request', message, field);
}

export function notFound(res: Response, message: string): void {
  sendError(res, 404, 'not_found', message);
}
